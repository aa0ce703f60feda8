/** Meta Llama native responses: `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
import { describeKeys, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseLlamaOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  if (typeof body.generation !== "string") return { unrecognized: `Llama output without generation (${describeKeys(body)})` };
  return {
    kind: "text",
    family: "llama",
    text: body.generation,
    stopReason: stringOrUndefined(body.stop_reason),
    usage: usageOf(body.prompt_token_count, body.generation_token_count),
  };
}
