/**
 * An MCP `tools/call` result as the Converse `toolResult` content: text as text; images as image blocks when the
 * model reads images in tool results (else a line saying one was left out); resource links and embedded text
 * resources as text; audio and binary resources as a line naming them (Converse has no block for them);
 * `structuredContent` as a json block when the server sent no content. `isError` becomes `status: "error"`. The text
 * is capped, with a note saying how much was cut, so one chatty tool cannot fill the model's context. Pure.
 */
import type { ImageFormat, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export interface McpResultLimits {
  /** Characters of text kept over all text blocks of one result. */
  maxTextChars: number;
  /** Whether the model takes image blocks in tool results. */
  acceptsImages: boolean;
}

/** What one call returns to the model, plus its text for logs and the answer's tool line. */
export interface McpToolOutcome {
  content: ToolResultContentBlock[];
  status: "success" | "error";
  output: string;
}

/** Converse: an image is at most 3.75 MB (decoded). */
const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;
const IMAGE_FORMATS: Readonly<Record<string, ImageFormat>> = { "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

type McpContent = CallToolResult["content"][number];

export function mapMcpToolResult(result: CallToolResult, limits: McpResultLimits): McpToolOutcome {
  const blocks = result.content.map((item) => contentBlock(item, limits));
  if (blocks.length === 0 && isJsonObject(result.structuredContent)) blocks.push({ json: result.structuredContent as ToolResultContentBlock.JsonMember["json"] });
  const capped = capText(blocks, limits.maxTextChars);
  const content = capped.filter((block) => !("text" in block) || block.text !== ""); // Bedrock rejects blank text blocks
  if (content.length === 0) content.push({ text: "(no output)" });
  const output = content.map((block) => ("text" in block ? block.text : "json" in block ? JSON.stringify(block.json) : "[image]")).join("\n");
  return { content, status: result.isError === true ? "error" : "success", output };
}

function contentBlock(item: McpContent, limits: McpResultLimits): ToolResultContentBlock {
  switch (item.type) {
    case "text":
      return { text: item.text };
    case "image":
      return imageBlock(item.data, item.mimeType, limits.acceptsImages);
    case "audio":
      return { text: `[audio (${item.mimeType}, ${formatBytes(base64Bytes(item.data))}) left out: the model cannot take audio]` };
    case "resource_link":
      return { text: `[resource: ${item.uri}${item.name === "" ? "" : ` (${item.name})`}]` };
    case "resource":
      return "text" in item.resource
        ? { text: `[resource ${item.resource.uri}]\n${item.resource.text}` }
        : { text: `[binary resource ${item.resource.uri}${item.resource.mimeType === undefined ? "" : ` (${item.resource.mimeType})`} left out]` };
    default: {
      const unknown: never = item;
      return { text: `[content of an unknown type left out: ${JSON.stringify((unknown as { type?: unknown }).type)}]` };
    }
  }
}

function imageBlock(data: string, mimeType: string, acceptsImages: boolean): ToolResultContentBlock {
  const bytes = Buffer.from(data, "base64");
  const format = IMAGE_FORMATS[mimeType];
  if (!acceptsImages) return { text: `[image (${mimeType}, ${formatBytes(bytes.length)}) left out: this model does not read images in tool results]` };
  if (format === undefined) return { text: `[image (${mimeType}) left out: Bedrock takes png, jpeg, gif or webp]` };
  if (bytes.length > MAX_IMAGE_BYTES) return { text: `[image (${mimeType}, ${formatBytes(bytes.length)}) left out: over Bedrock's 3.75 MB]` };
  return { image: { format, source: { bytes } } };
}

/** Keeps text blocks in order until `maxChars` are used; the block that crosses the line is cut and noted. */
function capText(blocks: ToolResultContentBlock[], maxChars: number): ToolResultContentBlock[] {
  const total = blocks.reduce((sum, block) => sum + (block.text?.length ?? 0), 0);
  if (total <= maxChars) return blocks;
  let left = maxChars;
  const kept: ToolResultContentBlock[] = [];
  for (const block of blocks) {
    if (block.text === undefined) {
      kept.push(block);
      continue;
    }
    if (left > 0) kept.push({ text: block.text.slice(0, left) });
    left -= Math.min(left, block.text.length);
  }
  kept.push({ text: `[output cut: ${maxChars} of ${total} characters kept]` });
  return kept;
}

function base64Bytes(data: string): number {
  return Buffer.byteLength(data, "base64");
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
