/**
 * ConverseStream as a reducer: `applyStreamEvent(state, sdkEvent)` is pure and returns the next state plus the events
 * a caller should see. Tool calls are assembled as Bedrock sends them: id and name in `contentBlockStart`, the input
 * as partial JSON strings in `contentBlockDelta`s, complete (and parsed) only at `contentBlockStop`.
 */
import type { ContentBlock, ConverseStreamOutput, GuardrailTraceAssessment, Message, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import { toCitedPassage } from "../citations/cited-passage.ts";
import { toTurnUsage, type TurnUsage } from "../usage/turn-usage.ts";
import type { ConverseEvent, ToolCall } from "./converse-events.ts";
import { errorMessage } from "../../format/error-message.ts";

/** A content block being streamed, at its `contentBlockIndex`. */
type StreamBlock =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string; signature?: string; redactedContent?: Uint8Array }
  /** `call` is set at `contentBlockStop`, once the input JSON is complete. */
  | { kind: "toolUse"; toolUseId: string; name: string; inputJson: string; call?: ToolCall };

export interface StreamState {
  readonly blocks: readonly (StreamBlock | undefined)[];
  /** Raw `messageStop.stopReason`. */
  readonly stopReason?: string;
  readonly usage?: TurnUsage;
  /** The service tier Bedrock says served the call (`metadata.serviceTier.type`). */
  readonly serviceTier?: string;
  /** `metadata.trace.guardrail`, when a guardrail with tracing was applied. */
  readonly guardrailTrace?: GuardrailTraceAssessment;
  /** An exception delivered as a stream event (name is AWS's, e.g. `modelStreamErrorException` -> `ModelStreamErrorException`). */
  readonly failure?: { name: string; message: string; originalStatusCode?: number; originalMessage?: string };
  /** Whether any event arrived: an exception before the first one is not "mid-stream". */
  readonly received?: boolean;
}

export const INITIAL_STREAM_STATE: StreamState = Object.freeze({ blocks: [] });

export interface StreamStep {
  state: StreamState;
  events: ConverseEvent[];
  /** An event, block or delta this bot does not know, skipped rather than failing the answer: for the caller to log. */
  skipped?: string;
}

export function applyStreamEvent(previous: StreamState, event: ConverseStreamOutput): StreamStep {
  const state = previous.received === true ? previous : { ...previous, received: true };
  if (event.messageStart !== undefined) return { state, events: [] };
  if (event.contentBlockStart !== undefined) {
    const { start, contentBlockIndex } = event.contentBlockStart;
    if (start?.toolUse === undefined) return { state, events: [] }; // image / toolResult starts carry nothing we keep
    const block: StreamBlock = { kind: "toolUse", toolUseId: start.toolUse.toolUseId ?? "", name: start.toolUse.name ?? "", inputJson: "" };
    return { state: withBlock(state, contentBlockIndex ?? 0, block), events: [] };
  }
  if (event.contentBlockDelta !== undefined) return applyDelta(state, event.contentBlockDelta);
  if (event.contentBlockStop !== undefined) return applyBlockStop(state, event.contentBlockStop.contentBlockIndex ?? 0);
  if (event.messageStop !== undefined) return { state: { ...state, stopReason: event.messageStop.stopReason }, events: [] };
  if (event.metadata !== undefined) {
    const tier = event.metadata.serviceTier?.type;
    const guardrailTrace = event.metadata.trace?.guardrail;
    return {
      state: { ...state, usage: toTurnUsage(event.metadata.usage), ...(tier === undefined ? {} : { serviceTier: tier }), ...(guardrailTrace === undefined ? {} : { guardrailTrace }) },
      events: [],
    };
  }
  if (event.internalServerException !== undefined) return fail(state, "InternalServerException", event.internalServerException.message);
  if (event.modelStreamErrorException !== undefined) {
    // The SDK throws stream exceptions itself; an event carrying one (another client, a test) keeps the model's cause.
    const { message, originalStatusCode, originalMessage } = event.modelStreamErrorException;
    return fail(state, "ModelStreamErrorException", message, { originalStatusCode, originalMessage });
  }
  if (event.validationException !== undefined) return fail(state, "ValidationException", event.validationException.message);
  if (event.throttlingException !== undefined) return fail(state, "ThrottlingException", event.throttlingException.message);
  if (event.serviceUnavailableException !== undefined) return fail(state, "ServiceUnavailableException", event.serviceUnavailableException.message);
  // A newer event type: skipped rather than failing the answer.
  if (event.$unknown !== undefined) return { state, events: [], skipped: `stream event ${event.$unknown[0]}` };
  const unhandled: never = event;
  throw new Error(`unknown ConverseStream event ${JSON.stringify(unhandled)}`);
}

function applyDelta(state: StreamState, { delta, contentBlockIndex }: NonNullable<ConverseStreamOutput["contentBlockDelta"]>): StreamStep {
  const index = contentBlockIndex ?? 0;
  const current = state.blocks[index];
  if (delta === undefined) return { state, events: [] };
  if (delta.text !== undefined) {
    const text = current?.kind === "text" ? current.text + delta.text : delta.text;
    return { state: withBlock(state, index, { kind: "text", text }), events: delta.text === "" ? [] : [{ type: "text", delta: delta.text }] };
  }
  if (delta.reasoningContent !== undefined) {
    const reasoning = current?.kind === "reasoning" ? current : { kind: "reasoning" as const, text: "" };
    const { text, signature, redactedContent } = delta.reasoningContent;
    if (text !== undefined) {
      const events: ConverseEvent[] = text === "" ? [] : [{ type: "reasoning", delta: text }];
      return { state: withBlock(state, index, { ...reasoning, text: reasoning.text + text }), events };
    }
    if (signature !== undefined) return { state: withBlock(state, index, { ...reasoning, signature }), events: [] };
    if (redactedContent !== undefined) return { state: withBlock(state, index, { ...reasoning, redactedContent }), events: [] };
    return { state, events: [] };
  }
  if (delta.toolUse !== undefined) {
    // The id and name come with contentBlockStart; a delta without one still keeps its input so the call is not lost.
    const tool = current?.kind === "toolUse" ? current : { kind: "toolUse" as const, toolUseId: "", name: "", inputJson: "" };
    return { state: withBlock(state, index, { ...tool, inputJson: tool.inputJson + (delta.toolUse.input ?? "") }), events: [] };
  }
  if (delta.citation !== undefined) {
    // Streamed after the text it cites, at the same block index; the text block itself is unchanged (and is what goes
    // back to the model in the next round), the citation becomes an event for the footnotes.
    return { state, events: [{ type: "citation", passage: toCitedPassage(delta.citation) }] };
  }
  // toolResult / image deltas belong to server-side tools, which this bot does not request; a delta type newer than
  // the SDK arrives as `$unknown`. Either way the answer goes on without it.
  return { state, events: [], skipped: `content block delta ${delta.$unknown?.[0] ?? (Object.keys(delta).join(", ") || "(empty)")}` };
}

function applyBlockStop(state: StreamState, index: number): StreamStep {
  const block = state.blocks[index];
  if (block?.kind !== "toolUse") return { state, events: [] };
  const call: ToolCall = { toolUseId: block.toolUseId, name: block.name, ...parseToolInput(block.inputJson) };
  return { state: withBlock(state, index, { ...block, call }), events: [{ type: "toolCall", ...call }] };
}

/** Streamed tool input -> a JSON object; empty input (a tool without parameters) is `{}`. */
export function parseToolInput(raw: string): Pick<ToolCall, "input" | "invalidInput"> {
  if (raw.trim() === "") return { input: {} };
  try {
    const input: unknown = JSON.parse(raw);
    if (typeof input === "object" && input !== null && !Array.isArray(input)) return { input };
    return { input: {}, invalidInput: { raw, message: "the tool input must be a JSON object" } };
  } catch (error) {
    return { input: {}, invalidInput: { raw, message: `the tool input is not valid JSON (${errorMessage(error)})` } };
  }
}

function withBlock(state: StreamState, index: number, block: StreamBlock): StreamState {
  const blocks = [...state.blocks];
  blocks[index] = block;
  return { ...state, blocks };
}

function fail(state: StreamState, name: string, message: string | undefined, cause: { originalStatusCode?: number | undefined; originalMessage?: string | undefined } = {}): StreamStep {
  const { originalStatusCode, originalMessage } = cause;
  const failure = {
    name,
    message: message ?? name,
    ...(originalStatusCode === undefined ? {} : { originalStatusCode }),
    ...(originalMessage === undefined ? {} : { originalMessage }),
  };
  return { state: { ...state, failure }, events: [] };
}

/** The streamed answer as the assistant message to append to the conversation, and its completed tool calls. */
export function streamedMessage(state: StreamState): { message: Message; toolCalls: ToolCall[] } {
  const content: ContentBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of state.blocks) {
    if (block === undefined) continue;
    switch (block.kind) {
      case "text":
        if (block.text !== "") content.push({ text: block.text }); // Bedrock rejects blank text blocks
        break;
      case "reasoning":
        // Sent back unchanged: Claude checks the signature of its own reasoning when tools are used.
        if (block.redactedContent !== undefined) content.push({ reasoningContent: { redactedContent: block.redactedContent } });
        else content.push({ reasoningContent: { reasoningText: { text: block.text, signature: block.signature } } });
        break;
      case "toolUse": {
        const call = block.call ?? { toolUseId: block.toolUseId, name: block.name, ...parseToolInput(block.inputJson) };
        content.push({ toolUse: { toolUseId: call.toolUseId, name: call.name, input: call.input as ToolUseBlock["input"] } });
        toolCalls.push(call);
        break;
      }
      default: {
        const unhandled: never = block;
        throw new Error(`unknown stream block ${JSON.stringify(unhandled)}`);
      }
    }
  }
  return { message: { role: "assistant", content }, toolCalls };
}
