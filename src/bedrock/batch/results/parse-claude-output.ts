/**
 * Anthropic messages responses (InvokeModel-type jobs on Claude): `content[]` blocks, `stop_reason`, `usage` with the
 * prompt-cache counts (`cache_read_input_tokens`, `cache_creation_input_tokens`). `thinking` blocks are kept apart.
 */
import { describeKeys, isRecord, joinTextBlocks, nonEmpty, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseClaudeOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  if (!Array.isArray(body.content)) return { unrecognized: `Claude output without content[] (${describeKeys(body)})` };
  const { usage } = body;
  const reasoning = nonEmpty(joinTextBlocks(body.content, (block) => (block.type === "thinking" ? block.thinking : undefined)));
  return {
    kind: "text",
    family: "claude",
    // `thinking` and `tool_use` blocks are not the answer.
    text: joinTextBlocks(body.content, (block) => (block.type === "text" ? block.text : undefined)),
    ...(reasoning === undefined ? {} : { reasoning }),
    stopReason: stringOrUndefined(body.stop_reason),
    usage: isRecord(usage)
      ? usageOf(usage.input_tokens, usage.output_tokens, { read: usage.cache_read_input_tokens, write: usage.cache_creation_input_tokens })
      : undefined,
  };
}
