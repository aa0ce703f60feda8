/**
 * Bedrock's stop reason -> ours, plus a note for the user when the answer did not end normally. The switch is
 * exhaustive over the SDK's `StopReason`: a new AWS value becomes a compile error here, and `unknown` at runtime.
 */
import type { StopReason as SdkStopReason } from "@aws-sdk/client-bedrock-runtime";

/** Bedrock's reasons, plus `max_rounds` (the tool loop gave up) and `unknown` (absent or unrecognised). */
export type StopReason = SdkStopReason | "max_rounds" | "unknown";

export interface MappedStopReason {
  stopReason: StopReason;
  /** Why the answer may be incomplete or missing, for the user; absent on a normal end. */
  warning?: string;
}

export function mapStopReason(raw: string | undefined): MappedStopReason {
  if (raw === undefined) return { stopReason: "unknown", warning: "The model stopped without saying why." };
  const reason = raw as SdkStopReason;
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "tool_use":
      return { stopReason: reason };
    case "max_tokens":
      return { stopReason: reason, warning: "The answer was cut off at the model's output limit (max_tokens)." };
    case "model_context_window_exceeded":
      return {
        stopReason: reason,
        warning: "The conversation is longer than the model's context window, so the answer was cut off: start a new thread or ask without the long history.",
      };
    case "guardrail_intervened":
      return { stopReason: reason, warning: "The safety guardrail in force here blocked this request or its answer." };
    case "content_filtered":
      return { stopReason: reason, warning: "The answer was blocked by the model's content filters." };
    case "malformed_model_output":
      return { stopReason: reason, warning: "The model produced output Bedrock could not read, so this answer may be incomplete: try again." };
    case "malformed_tool_use":
      return { stopReason: reason, warning: "The model asked for a tool with a malformed call, so no tool ran: try again, or rephrase the request." };
    default: {
      const unhandled: never = reason;
      return { stopReason: "unknown", warning: `The model stopped for a reason this bot does not know (${String(unhandled)}).` };
    }
  }
}
