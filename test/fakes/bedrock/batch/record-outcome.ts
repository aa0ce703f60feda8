/** What running one batch record produced: a modelOutput with its token counts, or a per-record error. */
import type { RecordError } from "./batch-types.ts";

export type RecordOutcome =
  | { kind: "output"; modelOutput: unknown; inputTokens: number; outputTokens: number }
  | { kind: "error"; error: RecordError };

/** A 400 per-record error, as Bedrock writes for a modelInput the model refuses. */
export function recordError(errorMessage: string, errorCode = 400): RecordOutcome {
  return { kind: "error", error: { errorCode, errorMessage } };
}

/** Amazon models' JSON-schema style refusal. */
export function malformedInput(detail: string): RecordOutcome {
  return recordError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}
