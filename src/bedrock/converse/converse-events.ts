/**
 * The one event stream a caller sees, whether the turn used Converse or ConverseStream, and across tool-loop rounds.
 * A UI renders `text` / `reasoning` deltas, shows `toolCall` / `toolResult` ("used calculator"), and reads `usage`
 * and `stop` at the end.
 */
import type { GuardrailTraceAssessment, Message } from "@aws-sdk/client-bedrock-runtime";
import type { CitedPassage } from "../citations/cited-passage.ts";
import type { TurnUsage } from "../usage/turn-usage.ts";
import type { StopReason } from "./map-stop-reason.ts";

/** A tool call the model made, with its input parsed. */
export interface ToolCall {
  toolUseId: string;
  name: string;
  /** Parsed JSON input; `{}` when the streamed JSON could not be parsed (see `invalidInput`). */
  input: unknown;
  /** Set when the model's input was not a JSON object: the raw text and the parse error. */
  invalidInput?: { raw: string; message: string };
}

export type ConverseEvent =
  | { type: "text"; delta: string }
  | { type: "reasoning"; delta: string }
  /** The text just before it cites this passage of a document (citations enabled). */
  | { type: "citation"; passage: CitedPassage }
  /**
   * A guardrail acted on this call: `policies` are short lines for admins (`summarizeGuardrailTrace`); `trace` is
   * Bedrock's raw assessment, which quotes the user's text and the blocked output: for logs only, never for a channel.
   */
  | { type: "guardrail"; intervened: boolean; policies: string[]; trace?: GuardrailTraceAssessment }
  | ({ type: "toolCall" } & ToolCall)
  /** Emitted by the tool loop once a tool ran. */
  | { type: "toolResult"; toolUseId: string; name: string; status: "success" | "error"; output: string }
  /**
   * Token counts of one model call, its cost, and the tier that served it. `estimated`: Bedrock's counts never
   * arrived (the stream was cut, or its metadata never came), so these are estimates from the text sent and received;
   * still counted, never taken as free.
   */
  | ({ type: "usage"; estimated?: boolean } & CallUsage)
  /** Something the user should know that is not an error (round limit hit, answer cut off). */
  | { type: "warning"; message: string }
  | { type: "stop"; stopReason: StopReason };

/** One model call's usage as priced (see `priceUsage`). */
export interface CallUsage extends TurnUsage {
  costUsd: number;
  /** False when the served tier has no configured prices: `costUsd` is then an estimate at standard prices. */
  costKnown: boolean;
  /** What prompt caching saved (net of the write premium) against plain input prices. */
  cacheSavedUsd: number;
  /** The tier Bedrock says served the call; absent when it did not say (no tier asked for). */
  serviceTier?: string;
}

/** What one model call produced, returned by `converse()` after its events. */
export interface ConverseTurn {
  /** The assistant message to append to the conversation (tool-use blocks included). */
  message: Message;
  stopReason: StopReason;
  toolCalls: ToolCall[];
  usage: TurnUsage;
  costUsd: number;
  /** False when the served tier has no configured prices (`costUsd` is then an estimate at standard prices). */
  costKnown: boolean;
  /** The tier Bedrock says served the call, when it said. */
  serviceTier?: string;
  /** Whether ConverseStream was used. */
  streamed: boolean;
}
