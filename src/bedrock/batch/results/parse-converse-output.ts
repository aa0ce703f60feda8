/**
 * Converse responses (`modelInvocationType: "Converse"` jobs) and Nova's native `messages-v1` responses, which have the
 * same shape: `output.message.content[].text`, `stopReason`, `usage {inputTokens, outputTokens}`.
 */
import { describeKeys, isRecord, joinTextBlocks, stringOrUndefined, usageOf } from "./read-json-fields.ts";
import type { TextOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseConverseOutput(body: Record<string, unknown>): TextOutput | UnrecognizedOutput {
  const message = isRecord(body.output) ? body.output.message : undefined;
  if (!isRecord(message) || !Array.isArray(message.content)) {
    return { unrecognized: `Converse-shaped output without output.message.content[] (${describeKeys(body)})` };
  }
  const usage = isRecord(body.usage) ? usageOf(body.usage.inputTokens, body.usage.outputTokens) : undefined;
  return {
    kind: "text",
    family: "converse",
    // Reasoning and tool-use blocks carry no `text` of their own; cited text (`citationsContent`) is part of the answer.
    text: joinTextBlocks(message.content, converseBlockText),
    stopReason: stringOrUndefined(body.stopReason),
    usage,
  };
}

/** A block's answer text: `text`, or the generated text inside `citationsContent.content[]`. */
function converseBlockText(block: Record<string, unknown>): string | undefined {
  if (typeof block.text === "string") return block.text;
  const cited = block.citationsContent;
  if (!isRecord(cited) || !Array.isArray(cited.content)) return undefined;
  return joinTextBlocks(cited.content, (part) => part.text);
}
