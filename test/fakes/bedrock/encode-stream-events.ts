/**
 * A model reply as ConverseStream events, and their binary `application/vnd.amazon.eventstream` frames.
 *
 * Event order, as Bedrock sends it: messageStart; per content block: contentBlockStart (toolUse only: the id and name
 * arrive HERE, not in the deltas), contentBlockDelta x n, contentBlockStop; messageStop; metadata. Text and reasoning
 * arrive a few words per delta, tool input as partial JSON strings to concatenate, a reasoning signature last; cited
 * text as text deltas followed by its `citation` deltas; a guardrail's trace rides on the metadata event.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { ModelReply, ReplyBlock, TokenUsage } from "./converse-wire.ts";

type StreamEventType = "messageStart" | "contentBlockStart" | "contentBlockDelta" | "contentBlockStop" | "messageStop" | "metadata";

export interface StreamEvent {
  type: StreamEventType;
  payload: Record<string, unknown>;
}

const WORDS_PER_DELTA = 3;
const TOOL_INPUT_FRAGMENTS = 3;

/** Every event of the reply except the final metadata (its latency is only known when it is sent). */
export function toStreamEvents(reply: ModelReply): StreamEvent[] {
  const events: StreamEvent[] = [{ type: "messageStart", payload: { role: "assistant" } }];
  reply.content.forEach((block, contentBlockIndex) => {
    const start = blockStart(block);
    if (start) events.push({ type: "contentBlockStart", payload: { contentBlockIndex, start } });
    for (const delta of blockDeltas(block)) events.push({ type: "contentBlockDelta", payload: { contentBlockIndex, delta } });
    events.push({ type: "contentBlockStop", payload: { contentBlockIndex } });
  });
  events.push({ type: "messageStop", payload: { stopReason: reply.stopReason } });
  return events;
}

export function metadataEvent(usage: TokenUsage, latencyMs: number, extra: { serviceTier?: string; trace?: Record<string, unknown> } = {}): StreamEvent {
  const { serviceTier, trace } = extra;
  return { type: "metadata", payload: { usage, metrics: { latencyMs }, ...(serviceTier === undefined ? {} : { serviceTier: { type: serviceTier } }), ...(trace === undefined ? {} : { trace }) } };
}

function blockStart(block: ReplyBlock): Record<string, unknown> | undefined {
  if (!("toolUse" in block)) return undefined;
  return { toolUse: { toolUseId: block.toolUse.toolUseId, name: block.toolUse.name } };
}

function blockDeltas(block: ReplyBlock): Record<string, unknown>[] {
  if ("text" in block) return splitWords(block.text).map((text) => ({ text }));
  if ("citationsContent" in block) {
    // The cited text streams like any text, then one `citation` delta per citation, at the same block index.
    const text = block.citationsContent.content.map((part) => part.text).join("");
    return [...splitWords(text).map((part) => ({ text: part })), ...block.citationsContent.citations.map((citation) => ({ citation }))];
  }
  if ("reasoningContent" in block) {
    const { text, signature } = block.reasoningContent.reasoningText;
    return [...splitWords(text).map((part) => ({ reasoningContent: { text: part } })), { reasoningContent: { signature } }];
  }
  const input = JSON.stringify(block.toolUse.input ?? {});
  return splitEvenly(input, TOOL_INPUT_FRAGMENTS).map((fragment) => ({ toolUse: { input: fragment } }));
}

/** Pieces of a few words each; concatenated they give back the text exactly. */
export function splitWords(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_DELTA) pieces.push(words.slice(i, i + WORDS_PER_DELTA).join(""));
  return pieces.filter((piece) => piece !== "");
}

function splitEvenly(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export function encodeEvent(event: StreamEvent): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: event.type },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify(event.payload)),
  });
}

/**
 * A modeled exception inside the stream. `type` is the event-stream member name (lower camel case, e.g.
 * "modelStreamErrorException"); "ModelStreamErrorException" is accepted and converted. A modelStreamErrorException
 * body also names what the model itself answered (`originalStatusCode`, `originalMessage`), as recorded from Bedrock.
 */
export function encodeException(type: string, message: string, original: { originalStatusCode?: number; originalMessage?: string } = {}): Uint8Array {
  const member = type.charAt(0).toLowerCase() + type.slice(1);
  const cause = member === "modelStreamErrorException" ? { originalStatusCode: 500, originalMessage: "The model stream failed.", ...original } : original;
  return codec.encode({
    headers: {
      ":exception-type": { type: "string", value: member },
      ":message-type": { type: "string", value: "exception" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify({ message, ...cause })),
  });
}
