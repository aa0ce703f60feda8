/** Anthropic messages responses (InvokeModel-type jobs on Claude): `content[]` blocks, `stop_reason`, `usage`. */
import { describeKeys, isRecord, joinTextBlocks, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseClaudeOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  if (!Array.isArray(body.content)) return { unrecognized: `Claude output without content[] (${describeKeys(body)})` };
  const usage = isRecord(body.usage) ? usageOf(body.usage.input_tokens, body.usage.output_tokens) : undefined;
  return {
    kind: "text",
    family: "claude",
    // `thinking` and `tool_use` blocks are not the answer.
    text: joinTextBlocks(body.content, (block) => (block.type === "text" ? block.text : undefined)),
    stopReason: stringOrUndefined(body.stop_reason),
    usage,
  };
}
