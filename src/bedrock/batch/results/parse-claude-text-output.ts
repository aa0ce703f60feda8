/**
 * Anthropic Claude text completions (Claude 2, 2.1, Instant, asked with `{prompt: "\n\nHuman: ..."}`):
 * `{completion, stop_reason, stop}`. The body carries no token counts.
 */
import { stringOrUndefined } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseClaudeTextOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  if (typeof body.completion !== "string") return { unrecognized: "Claude text completion without completion" };
  return { kind: "text", family: "claude-text", text: body.completion, stopReason: stringOrUndefined(body.stop_reason) };
}
