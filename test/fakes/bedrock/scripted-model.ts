/**
 * The fake's model: a pure function from (modelId, Converse request body, optional scripted reply) to a reply.
 * Deterministic, so tests can assert exact texts, ids and token counts; importable on its own so a fake batch job can
 * run each record through it.
 *
 * Echo (no script): the last user message comes back as `echo: ` followed by its blocks in order, joined by a space:
 * texts as they are, media as notes: `[image png 1234 bytes]`, `[document pdf "name" 5678 bytes]`,
 * `[video mp4 s3://bucket/key]`. When that message carries toolResults the reply is `tool results: ` and, per result,
 * `[toolName] content` (`[toolName] error: content` for status error) — a plain answer, so a tool loop terminates.
 * The echo honours `inferenceConfig.maxTokens` (cut to maxTokens * 4 chars, stopReason max_tokens).
 */
import { createHash } from "node:crypto";
import type { ConverseRequestBody, ModelReply, ReplyBlock, TokenUsage, WireBlock, WireSource } from "./converse-wire.ts";
import type { ScriptedReply } from "./scripted-reply.ts";
import { citationsRequested, citingReply } from "./fake-citations.ts";

/** Flat input-token charge per media block (images and documents), on top of ceil(chars / 4). */
const MEDIA_INPUT_TOKENS = 100;
const CHARS_PER_TOKEN = 4;

export function runScriptedModel(modelId: string, body: ConverseRequestBody, scripted: ScriptedReply = {}): ModelReply {
  const scriptedContent = scriptedBlocks(modelId, body, scripted);
  let content: ReplyBlock[] = scriptedContent;
  let stopReason = scripted.stopReason;
  if (scriptedContent.length === 0 && citationsRequested(body)) {
    content = citingReply(body);
  } else if (scriptedContent.length === 0) {
    const echo = limitToMaxTokens(echoText(body), body.inferenceConfig?.maxTokens);
    content = [{ text: echo.text }];
    stopReason ??= echo.truncated ? "max_tokens" : undefined;
  }
  stopReason ??= content.some((block) => "toolUse" in block) ? "tool_use" : "end_turn";
  return { content, stopReason, usage: scripted.usage ? withTotal(scripted.usage) : countUsage(body, content) };
}

function scriptedBlocks(modelId: string, body: ConverseRequestBody, scripted: ScriptedReply): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  if (scripted.reasoning !== undefined) {
    blocks.push({ reasoningContent: { reasoningText: { text: scripted.reasoning, signature: fakeSignature(scripted.reasoning) } } });
  }
  if (scripted.text !== undefined) blocks.push({ text: scripted.text });
  (scripted.toolUses ?? []).forEach((toolUse, index) => {
    const toolUseId = toolUse.toolUseId ?? fakeToolUseId(modelId, body.messages.length, index, toolUse.name);
    blocks.push({ toolUse: { toolUseId, name: toolUse.name, input: toolUse.input } });
  });
  return blocks;
}

/** The echo text of a request (see the file comment for its format). */
export function echoText(body: ConverseRequestBody): string {
  const lastUser = body.messages.findLast((message) => message.role === "user");
  const blocks = lastUser?.content ?? [];
  const toolNames = toolNamesById(body);
  const parts = blocks.map((block) => describeBlock(block, toolNames));
  const prefix = blocks.some((block) => block.toolResult !== undefined) ? "tool results: " : "echo: ";
  return prefix + parts.filter((part) => part !== "").join(" ");
}

function toolNamesById(body: ConverseRequestBody): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of body.messages) {
    for (const block of message.content) if (block.toolUse) names.set(block.toolUse.toolUseId, block.toolUse.name);
  }
  return names;
}

function describeBlock(block: WireBlock, toolNames: Map<string, string>): string {
  if (block.text !== undefined) return block.text;
  if (block.json !== undefined) return JSON.stringify(block.json);
  if (block.image) return `[image ${block.image.format} ${describeSource(block.image.source)}]`;
  if (block.document) {
    return `[document ${block.document.format ?? "?"} ${JSON.stringify(block.document.name)} ${describeSource(block.document.source)}]`;
  }
  if (block.video) return `[video ${block.video.format} ${describeSource(block.video.source)}]`;
  if (block.toolResult) {
    const { toolUseId, status, content } = block.toolResult;
    const inner = content.map((item) => describeBlock(item, toolNames)).join(" ");
    return `[${toolNames.get(toolUseId) ?? toolUseId}] ${status === "error" ? "error: " : ""}${inner}`;
  }
  return "";
}

function describeSource(source: WireSource): string {
  if (source.bytes !== undefined) return `${Buffer.byteLength(source.bytes, "base64")} bytes`;
  if (source.s3Location) return source.s3Location.uri;
  return `${source.text?.length ?? 0} chars`;
}

/** The fake's token count for a text: ceil(chars / 4). */
export function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function limitToMaxTokens(text: string, maxTokens: number | undefined): { text: string; truncated: boolean } {
  if (maxTokens === undefined || Math.ceil(text.length / CHARS_PER_TOKEN) <= maxTokens) return { text, truncated: false };
  return { text: text.slice(0, maxTokens * CHARS_PER_TOKEN), truncated: true };
}

/**
 * Default usage: inputTokens = ceil(input chars / 4) + MEDIA_INPUT_TOKENS per image/document/video, where input chars
 * are the system texts and every text, JSON (stringified), toolUse input (stringified) and reasoning text of the
 * messages, tool results included; outputTokens = ceil(output chars / 4) over the reply's texts, reasoning and
 * toolUse inputs.
 */
export function countUsage(body: ConverseRequestBody, content: readonly ReplyBlock[]): TokenUsage {
  let input = { chars: 0, media: 0 };
  const add = (block: WireBlock): void => {
    const size = blockInputSize(block);
    input = { chars: input.chars + size.chars, media: input.media + size.media };
  };
  body.system?.forEach(add);
  body.messages.forEach((message) => message.content.forEach(add));
  const outputChars = content.reduce((sum, block) => sum + replyBlockText(block).length, 0);
  return withTotal({ inputTokens: inputTokens(input), outputTokens: Math.ceil(outputChars / CHARS_PER_TOKEN) });
}

/** What one input block counts for (see `countUsage`), tool results' content included. */
export function blockInputSize(block: WireBlock): { chars: number; media: number } {
  let chars = block.text?.length ?? 0;
  if (block.json !== undefined) chars += JSON.stringify(block.json).length;
  if (block.toolUse) chars += JSON.stringify(block.toolUse.input ?? null).length;
  chars += block.reasoningContent?.reasoningText?.text.length ?? 0;
  let media = block.image || block.document || block.video ? 1 : 0;
  for (const inner of block.toolResult?.content ?? []) {
    const size = blockInputSize(inner);
    chars += size.chars;
    media += size.media;
  }
  return { chars, media };
}

/** Input tokens of a size: ceil(chars / 4) + MEDIA_INPUT_TOKENS per media block. */
export function inputTokens(size: { chars: number; media: number }): number {
  return Math.ceil(size.chars / CHARS_PER_TOKEN) + size.media * MEDIA_INPUT_TOKENS;
}

/** The characters a reply block counts for: its text, reasoning text, or stringified tool input. */
function replyBlockText(block: ReplyBlock): string {
  if ("text" in block) return block.text;
  if ("reasoningContent" in block) return block.reasoningContent.reasoningText.text;
  if ("citationsContent" in block) return block.citationsContent.content.map((part) => part.text).join("");
  return JSON.stringify(block.toolUse.input ?? null);
}

function withTotal(usage: { inputTokens: number; outputTokens: number }): TokenUsage {
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens };
}

/** Shaped like Bedrock's (`tooluse_` + 22 base64url chars), stable for the same conversation position. */
function fakeToolUseId(modelId: string, turn: number, index: number, name: string): string {
  const digest = createHash("sha256").update(`${modelId}\n${turn}\n${index}\n${name}`).digest("base64url");
  return `tooluse_${digest.slice(0, 22)}`;
}

function fakeSignature(reasoning: string): string {
  return createHash("sha256").update(reasoning).digest("base64");
}
