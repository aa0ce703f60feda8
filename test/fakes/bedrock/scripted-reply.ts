/** One reply of the scripted model. Fields left out fall back to the echo behaviour (see `scripted-model.ts`). */
export interface ScriptedReply {
  /** Assistant text. With none of text/reasoning/toolUses the echo text is used. */
  text?: string;
  /** A reasoning block (streamed as reasoningContent text deltas, then a signature). */
  reasoning?: string;
  /** Tool calls of this turn, in order; ids default to deterministic `tooluse_...` values. */
  toolUses?: { name: string; input: unknown; toolUseId?: string }[];
  /** Default `tool_use` when toolUses are present, else `end_turn`. */
  stopReason?: string;
  /** Default: ceil(chars / 4) on each side (see `countUsage`). */
  usage?: { inputTokens: number; outputTokens: number };
  /**
   * ConverseStream only: after this many events, an exception event (e.g. "modelStreamErrorException") ends the stream.
   * A modelStreamErrorException carries the model's own `originalStatusCode` / `originalMessage`, as Bedrock's does.
   */
  streamError?: { afterEvents: number; type: string; message?: string; originalStatusCode?: number; originalMessage?: string };
  /**
   * ConverseStream only: the connection drops after this many events (no messageStop, no metadata); `midFrame` cuts
   * inside the next event instead of between two.
   */
  cutAfterEvents?: number;
  midFrame?: boolean;
  /**
   * The request's guardrail intervenes: on the user's input (the model never answers) or on the model's output. The
   * assessment goes into the trace as given (default: a VIOLENCE content filter, BLOCKED). Needs a guardrailConfig
   * naming a guardrail the fake knows (`fake.guardrails.define`).
   */
  guardrail?: { on: "input" | "output"; assessment?: Record<string, unknown> };
  /** Wait this long before sending the response headers. */
  delayMs?: number;
}
