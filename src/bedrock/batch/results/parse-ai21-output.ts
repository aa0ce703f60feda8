/**
 * AI21 Jurassic-2 native responses: `{prompt: {text, tokens}, completions: [{data: {text, tokens}, finishReason:
 * {reason}}]}`. Token counts are the lengths of the token lists. (Jamba answers in the chat-completion shape, which
 * `parseMistralOutput` reads.)
 */
import { countOf, describeKeys, isRecord, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseAi21Output(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  const first: unknown = Array.isArray(body.completions) ? body.completions[0] : undefined;
  const data = isRecord(first) ? first.data : undefined;
  if (!isRecord(first) || !isRecord(data) || typeof data.text !== "string") {
    return { unrecognized: `AI21 output without completions[0].data.text (${describeKeys(body)})` };
  }
  const finish = first.finishReason;
  const promptTokens = isRecord(body.prompt) ? countOf(body.prompt.tokens) : undefined;
  return {
    kind: "text",
    family: "ai21",
    text: data.text,
    stopReason: isRecord(finish) ? stringOrUndefined(finish.reason) : stringOrUndefined(finish),
    usage: usageOf(promptTokens, countOf(data.tokens)),
  };
}
