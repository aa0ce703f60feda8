/**
 * Cohere native responses. Command (text) answers `{generations: [{text, finish_reason}], prompt}`; Command R and R+
 * answer `{text, finish_reason, response_id, chat_history}`. Neither body carries token counts (Bedrock reports them
 * in headers only), so usage stays absent and the run's totals come from the manifest.
 */
import { describeKeys, isRecord, stringOrUndefined } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseCohereOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  const answer: unknown = Array.isArray(body.generations) ? body.generations[0] : body;
  if (!isRecord(answer) || typeof answer.text !== "string") {
    return { unrecognized: `Cohere output without generations[0].text or text (${describeKeys(body)})` };
  }
  return { kind: "text", family: "cohere", text: answer.text, stopReason: stringOrUndefined(answer.finish_reason) };
}
