/**
 * Amazon Titan Text (Lite, Express, Premier) native responses: `{inputTextTokenCount, results: [{tokenCount,
 * outputText, completionReason}]}`. Batch asks for one result, so the first is the answer.
 */
import { describeKeys, isRecord, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseTitanTextOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  const first: unknown = Array.isArray(body.results) ? body.results[0] : undefined;
  if (!isRecord(first) || typeof first.outputText !== "string") {
    return { unrecognized: `Titan Text output without results[0].outputText (${describeKeys(body)})` };
  }
  return {
    kind: "text",
    family: "titan-text",
    text: first.outputText,
    stopReason: stringOrUndefined(first.completionReason),
    usage: usageOf(body.inputTextTokenCount, first.tokenCount),
  };
}
