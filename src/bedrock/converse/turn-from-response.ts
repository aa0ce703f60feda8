/**
 * A non-streamed Converse response -> the same events and turn data a stream produces, so callers cannot tell
 * which API answered.
 */
import type { ContentBlock, ConverseResponse, GuardrailTraceAssessment, Message } from "@aws-sdk/client-bedrock-runtime";
import { toCitedPassage } from "../citations/cited-passage.ts";
import { toTurnUsage, type TurnUsage } from "../usage/turn-usage.ts";
import type { ConverseEvent, ToolCall } from "./converse-events.ts";

export interface ResponseTurn {
  events: ConverseEvent[];
  message: Message;
  toolCalls: ToolCall[];
  /** Content blocks this bot does not know, skipped (for the caller to log). */
  skipped: string[];
  /** Raw stop reason, mapped by the caller. */
  stopReason: string | undefined;
  usage: TurnUsage;
  /** The service tier Bedrock says served the call. */
  serviceTier?: string;
  guardrailTrace?: GuardrailTraceAssessment;
}

export function turnFromConverseResponse(response: ConverseResponse): ResponseTurn {
  const answered: Message = response.output?.message ?? { role: "assistant", content: [] };
  const events: ConverseEvent[] = [];
  const toolCalls: ToolCall[] = [];
  const skipped: string[] = [];
  for (const block of answered.content ?? []) {
    if (block.text !== undefined) {
      if (block.text !== "") events.push({ type: "text", delta: block.text });
    } else if (block.citationsContent !== undefined) {
      // Cited text is part of the answer: its text first, then the passages it cites (as a stream delivers them).
      const text = citedText(block);
      if (text !== "") events.push({ type: "text", delta: text });
      for (const citation of block.citationsContent.citations ?? []) events.push({ type: "citation", passage: toCitedPassage(citation) });
    } else if (block.reasoningContent?.reasoningText?.text !== undefined) {
      events.push({ type: "reasoning", delta: block.reasoningContent.reasoningText.text });
    } else if (block.toolUse !== undefined) {
      // Converse parses the input for us; a non-object would still be unusable as tool arguments.
      const { toolUseId = "", name = "", input } = block.toolUse;
      const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
      const call: ToolCall = isObject
        ? { toolUseId, name, input }
        : { toolUseId, name, input: {}, invalidInput: { raw: JSON.stringify(input) ?? "", message: "the tool input must be a JSON object" } };
      toolCalls.push(call);
      events.push({ type: "toolCall", ...call });
    } else if (block.reasoningContent === undefined) {
      // Images, documents, citations, server tool results, or a block type newer than the SDK (`$unknown`): nothing
      // to show; the block stays in `message` so the conversation sent back is unchanged.
      skipped.push(`content block ${block.$unknown?.[0] ?? Object.keys(block).join(", ")}`);
    }
  }
  // The message goes back to the model in the next tool round: cited text as plain text, like a stream assembles it.
  // (Bedrock rejects blank text blocks, so a cited block without text is left out.)
  const content = (answered.content ?? []).flatMap((block) => {
    if (block.citationsContent === undefined) return [block];
    const text = citedText(block);
    return text === "" ? [] : [{ text }];
  });
  const message: Message = { ...answered, content };
  const guardrailTrace = response.trace?.guardrail;
  const tier = response.serviceTier?.type;
  return {
    events,
    message,
    toolCalls,
    skipped,
    stopReason: response.stopReason,
    usage: toTurnUsage(response.usage),
    ...(tier === undefined ? {} : { serviceTier: tier }),
    ...(guardrailTrace === undefined ? {} : { guardrailTrace }),
  };
}

/** The generated text of a `citationsContent` block. */
function citedText(block: ContentBlock): string {
  return (block.citationsContent?.content ?? []).map((part) => part.text ?? "").join("");
}
