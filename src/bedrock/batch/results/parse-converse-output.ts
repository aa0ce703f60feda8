/**
 * Converse responses (`modelInvocationType: "Converse"` jobs) and Nova's native `messages-v1` responses, which have the
 * same shape: `output.message.content[].text`, `stopReason`, `usage {inputTokens, outputTokens, cacheReadInputTokens,
 * cacheWriteInputTokens}`. Reasoning blocks (`reasoningContent.reasoningText.text`) are kept apart from the answer.
 */
import { describeKeys, isRecord, joinTextBlocks, nonEmpty, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseConverseOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  const message = isRecord(body.output) ? body.output.message : undefined;
  if (!isRecord(message) || !Array.isArray(message.content)) {
    return { unrecognized: `Converse-shaped output without output.message.content[] (${describeKeys(body)})` };
  }
  const { usage } = body;
  const reasoning = nonEmpty(joinTextBlocks(message.content, reasoningTextOf));
  return {
    kind: "text",
    family: "converse",
    // Reasoning and tool-use blocks carry no `text` of their own; cited text (`citationsContent`) is part of the answer.
    text: joinTextBlocks(message.content, converseBlockText),
    ...(reasoning === undefined ? {} : { reasoning }),
    stopReason: stringOrUndefined(body.stopReason),
    usage: isRecord(usage) ? usageOf(usage.inputTokens, usage.outputTokens, { read: usage.cacheReadInputTokens, write: usage.cacheWriteInputTokens }) : undefined,
  };
}

function reasoningTextOf(block: Record<string, unknown>): unknown {
  const content = block.reasoningContent;
  return isRecord(content) && isRecord(content.reasoningText) ? content.reasoningText.text : undefined;
}

/** A block's answer text: `text`, or the generated text inside `citationsContent.content[]`. */
function converseBlockText(block: Record<string, unknown>): string | undefined {
  if (typeof block.text === "string") return block.text;
  const cited = block.citationsContent;
  if (!isRecord(cited) || !Array.isArray(cited.content)) return undefined;
  return joinTextBlocks(cited.content, (part) => part.text);
}
