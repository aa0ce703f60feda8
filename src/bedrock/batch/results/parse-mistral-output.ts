/**
 * Mistral native responses. Text completion (`{prompt: "<s>[INST] ..."}` bodies) answers `{outputs: [{text,
 * stop_reason}]}` without usage; the chat-completion body of Mistral Large 2 answers `{choices: [{message: {content},
 * stop_reason | finish_reason}], usage?}`. Only the first output/choice is the answer (batch asks for one).
 */
import { describeKeys, isRecord, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseMistralOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  if (Array.isArray(body.outputs)) {
    const first: unknown = body.outputs[0];
    if (!isRecord(first) || typeof first.text !== "string") return { unrecognized: "Mistral output without outputs[0].text" };
    return { kind: "text", family: "mistral", text: first.text, stopReason: stringOrUndefined(first.stop_reason) };
  }
  const choice: unknown = Array.isArray(body.choices) ? body.choices[0] : undefined;
  const message = isRecord(choice) ? choice.message : undefined;
  if (!isRecord(choice) || !isRecord(message) || typeof message.content !== "string") {
    return { unrecognized: `Mistral output without outputs[0].text or choices[0].message.content (${describeKeys(body)})` };
  }
  const usage = isRecord(body.usage) ? usageOf(body.usage.prompt_tokens, body.usage.completion_tokens) : undefined;
  return {
    kind: "text",
    family: "mistral",
    text: message.content,
    stopReason: stringOrUndefined(choice.stop_reason) ?? stringOrUndefined(choice.finish_reason),
    usage,
  };
}
