/**
 * Checks of one Converse content block (message content, or a toolResult's content), written from the Bedrock docs
 * and the SDK's shapes, independently of the project's own converters. Counting across the request (20 images,
 * 5 documents) is the caller's job; this returns what it saw.
 */
import {
  dotPath,
  memberPath,
  reject,
  rejectConstraint,
  rejectExtraneousKeys,
  requireArray,
  requireEnum,
  requireObject,
  requireString,
  unionMember,
} from "./validation-problem.ts";

// Converse: each image <= 3.75 MB, each document <= 4.5 MB (decoded bytes; base64 on the wire).
const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 4.5 * 1024 * 1024;

const IMAGE_FORMATS = ["gif", "jpeg", "png", "webp"] as const;
const DOCUMENT_FORMATS = ["csv", "doc", "docx", "html", "md", "pdf", "txt", "xls", "xlsx"] as const;
const VIDEO_FORMATS = ["flv", "mkv", "mov", "mp4", "mpeg", "mpg", "three_gp", "webm", "wmv"] as const;

const MESSAGE_BLOCK_KINDS = [
  "text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint",
  "reasoningContent", "citationsContent", "searchResult",
] as const;
const TOOL_RESULT_BLOCK_KINDS = ["text", "json", "image", "document", "video", "searchResult"] as const;
/** Blocks only a user turn may carry; the rest of the media rule ("images/documents only in user messages"). */
const USER_ONLY_KINDS = new Set(["image", "document", "video", "audio", "toolResult"]);
const ASSISTANT_ONLY_KINDS = new Set(["toolUse", "reasoningContent", "citationsContent"]);

// Converse: tool names and toolUse ids match [a-zA-Z0-9_-]+, 1-64 characters.
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
// Converse: document names hold only alphanumerics, single spaces, hyphens, parentheses, square brackets; 1-200 chars.
const DOCUMENT_NAME_CHARACTERS = /^[a-zA-Z0-9 ()[\]-]{1,200}$/;

/** What one block contributed, for the request-wide counts and the toolUse/toolResult pairing. */
export interface BlockSummary {
  kind: string;
  images: number;
  documents: number;
  toolUseId?: string;
  toolResultId?: string;
}

export function validateMessageBlock(block: unknown, role: "user" | "assistant", at: readonly (string | number)[]): BlockSummary {
  const path = dotPath(...at);
  const object = requireObject(block, memberPath(...at));
  const kind = unionMember(object, MESSAGE_BLOCK_KINDS, path);
  if (role === "assistant" && USER_ONLY_KINDS.has(kind)) {
    reject(`The ${kind} content block at ${path} is not allowed in an assistant message. ${kind} blocks are only allowed in user messages.`);
  }
  if (role === "user" && ASSISTANT_ONLY_KINDS.has(kind)) {
    reject(`The ${kind} content block at ${path} is not allowed in a user message. ${kind} blocks are only allowed in assistant messages.`);
  }
  const value = object[kind];
  switch (kind) {
    case "toolUse":
      return { kind, images: 0, documents: 0, toolUseId: validateToolUse(value, [...at, "toolUse"]) };
    case "toolResult":
      return validateToolResult(value, [...at, "toolResult"]);
    case "reasoningContent":
      validateReasoning(value, [...at, "reasoningContent"]);
      return { kind, images: 0, documents: 0 };
    case "cachePoint":
      validateCachePoint(value, [...at, "cachePoint"]);
      return { kind, images: 0, documents: 0 };
    default:
      return validateSharedBlock(kind, value, at);
  }
}

/** Blocks allowed both in messages and in toolResult content. */
function validateSharedBlock(kind: string, value: unknown, at: readonly (string | number)[]): BlockSummary {
  switch (kind) {
    case "text":
      validateText(value, at);
      return { kind, images: 0, documents: 0 };
    case "json":
      if (value === undefined) rejectConstraint(memberPath(...at, "json"), value, "Member must not be null");
      return { kind, images: 0, documents: 0 };
    case "image":
      validateImage(value, [...at, "image"]);
      return { kind, images: 1, documents: 0 };
    case "document":
      validateDocument(value, [...at, "document"]);
      return { kind, images: 0, documents: 1 };
    case "video":
      validateMedia(value, VIDEO_FORMATS, [...at, "video"], Number.POSITIVE_INFINITY);
      return { kind, images: 0, documents: 0 };
    default:
      // audio, guardContent, citationsContent, searchResult: accepted as they come.
      requireObject(value, memberPath(...at, kind));
      return { kind, images: 0, documents: 0 };
  }
}

export function validateText(value: unknown, at: readonly (string | number)[]): void {
  const text = requireString(value, memberPath(...at, "text"));
  if (text.trim() === "") {
    reject(`The text field in the ContentBlock object at ${dotPath(...at)} is blank. Add text to the text field, and try again.`);
  }
}

function validateImage(value: unknown, at: readonly (string | number)[]): void {
  validateMedia(value, IMAGE_FORMATS, at, MAX_IMAGE_BYTES);
}

function validateDocument(value: unknown, at: readonly (string | number)[]): void {
  const document = requireObject(value, memberPath(...at));
  rejectExtraneousKeys(document, ["format", "name", "source", "context", "citations"], dotPath(...at));
  const name = requireString(document.name, memberPath(...at, "name"));
  if (!DOCUMENT_NAME_CHARACTERS.test(name) || name.includes("  ")) {
    reject(
      `The format of the value at ${dotPath(...at, "name")} is invalid. Provide a name that is 1-200 characters long, ` +
        "doesn't contain consecutive whitespace characters, and contains only alphanumeric characters, whitespace " +
        "characters, hyphens, parentheses, or square brackets.",
    );
  }
  if (document.format !== undefined) requireEnum(document.format, DOCUMENT_FORMATS, memberPath(...at, "format"));
  validateSource(document.source, [...at, "source"], ["bytes", "s3Location", "text", "content"], MAX_DOCUMENT_BYTES, "document");
}

function validateMedia(value: unknown, formats: readonly string[], at: readonly (string | number)[], maxBytes: number): void {
  const media = requireObject(value, memberPath(...at));
  rejectExtraneousKeys(media, ["format", "source"], dotPath(...at));
  requireEnum(media.format, formats, memberPath(...at, "format"));
  validateSource(media.source, [...at, "source"], ["bytes", "s3Location"], maxBytes, String(at[at.length - 1]));
}

function validateSource(value: unknown, at: readonly (string | number)[], kinds: readonly string[], maxBytes: number, what: string): void {
  const source = requireObject(value, memberPath(...at));
  const kind = unionMember(source, kinds, dotPath(...at));
  if (kind === "bytes") {
    const bytes = requireString(source.bytes, memberPath(...at, "bytes"));
    const size = Buffer.byteLength(bytes, "base64");
    if (size === 0) rejectConstraint(memberPath(...at, "bytes"), "", "Member must have length greater than or equal to 1");
    if (size > maxBytes) {
      reject(`The ${what} at ${dotPath(...at, "bytes")} is ${size} bytes, which exceeds the maximum of ${maxBytes} bytes. Reduce the size and try again.`);
    }
  } else if (kind === "s3Location") {
    const location = requireObject(source.s3Location, memberPath(...at, "s3Location"));
    const uri = requireString(location.uri, memberPath(...at, "s3Location", "uri"));
    if (!uri.startsWith("s3://")) rejectConstraint(memberPath(...at, "s3Location", "uri"), uri, "Member must satisfy regular expression pattern: s3://.*");
  }
}

function validateToolUse(value: unknown, at: readonly (string | number)[]): string {
  const toolUse = requireObject(value, memberPath(...at));
  rejectExtraneousKeys(toolUse, ["toolUseId", "name", "input", "type"], dotPath(...at));
  const id = requireString(toolUse.toolUseId, memberPath(...at, "toolUseId"));
  if (!TOOL_NAME_PATTERN.test(id)) rejectConstraint(memberPath(...at, "toolUseId"), id, "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
  const name = requireString(toolUse.name, memberPath(...at, "name"));
  if (!TOOL_NAME_PATTERN.test(name)) rejectConstraint(memberPath(...at, "name"), name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
  if (toolUse.input === undefined) rejectConstraint(memberPath(...at, "input"), null, "Member must not be null");
  return id;
}

function validateToolResult(value: unknown, at: readonly (string | number)[]): BlockSummary {
  const toolResult = requireObject(value, memberPath(...at));
  rejectExtraneousKeys(toolResult, ["toolUseId", "content", "status", "type"], dotPath(...at));
  const id = requireString(toolResult.toolUseId, memberPath(...at, "toolUseId"));
  if (toolResult.status !== undefined) requireEnum(toolResult.status, ["success", "error"], memberPath(...at, "status"));
  const summary: BlockSummary = { kind: "toolResult", images: 0, documents: 0, toolResultId: id };
  requireArray(toolResult.content, memberPath(...at, "content")).forEach((block, index) => {
    const blockAt = [...at, "content", index];
    const kind = unionMember(requireObject(block, memberPath(...blockAt)), TOOL_RESULT_BLOCK_KINDS, dotPath(...blockAt));
    const inner = validateSharedBlock(kind, (block as Record<string, unknown>)[kind], blockAt);
    summary.images += inner.images;
    summary.documents += inner.documents;
  });
  return summary;
}

function validateReasoning(value: unknown, at: readonly (string | number)[]): void {
  const reasoning = requireObject(value, memberPath(...at));
  const kind = unionMember(reasoning, ["reasoningText", "redactedContent"], dotPath(...at));
  if (kind === "reasoningText") {
    const text = requireObject(reasoning.reasoningText, memberPath(...at, "reasoningText"));
    requireString(text.text, memberPath(...at, "reasoningText", "text"));
  }
}

export function validateCachePoint(value: unknown, at: readonly (string | number)[]): void {
  const cachePoint = requireObject(value, memberPath(...at));
  requireEnum(cachePoint.type, ["default"], memberPath(...at, "type"));
}
