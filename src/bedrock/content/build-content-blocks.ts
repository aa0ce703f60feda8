/**
 * A user's text and files -> Converse `ContentBlock[]`, with Bedrock's limits enforced BEFORE the call and a reason
 * for everything dropped. Independent of the live call: batch records reuse it and base64 the bytes.
 *
 * - images: format from magic bytes, never from the name (a PNG named `.jpg` is sent as png);
 * - documents: pdf/doc/docx/xls/xlsx, and csv/html/md/txt text files, with sanitised names unique in the request;
 * - other text files (code, json, logs) are inlined as text blocks carrying their filename;
 * - video: only when the caller allows it (Nova), as bytes or as an `s3Location` when the file has an `s3Uri`.
 */
import type { ContentBlock, DocumentFormat } from "@aws-sdk/client-bedrock-runtime";
import { extname } from "node:path";
import { detectMediaType, type DetectedMedia } from "./detect-media-type.ts";
import { sanitizeDocumentName } from "./sanitize-document-name.ts";

const MB = 1024 * 1024;

export interface FileEntry {
  filename: string;
  bytes: Uint8Array;
  /** Where the same bytes already live in S3; used for video, which Nova can read from S3. */
  s3Uri?: string;
}

/** Limits of one request; pass what is left when earlier messages already carry media. */
export interface ContentLimits {
  maxImages: number;
  maxImageBytes: number;
  maxDocuments: number;
  maxDocumentBytes: number;
  /** Whether the model reads video (Amazon Nova). */
  allowVideo: boolean;
  maxVideos: number;
  /** Inline (bytes) video size; videos given by `s3Uri` are not limited here. */
  maxVideoBytes: number;
  /** Characters of one inlined text file before it is truncated. */
  maxInlineTextChars: number;
}

export const DEFAULT_CONTENT_LIMITS = {
  maxImages: 20, // Converse: <= 20 images per request, each <= 3.75 MB
  maxImageBytes: 3.75 * MB,
  maxDocuments: 5, // Converse: <= 5 documents per request, each <= 4.5 MB
  maxDocumentBytes: 4.5 * MB,
  allowVideo: false,
  maxVideos: 1, // Nova: one video per request
  maxVideoBytes: 25 * MB, // Nova: inline (base64) video <= 25 MB; larger ones must come from S3
  maxInlineTextChars: 100_000, // ~25k tokens: a whole source file, not a multi-MB log
} as const satisfies ContentLimits;

/** Added when documents come without any text: Converse rejects a document-only message. */
export const DOCUMENT_PROMPT = "Please read the attached document(s).";

export interface BuiltContent {
  value: ContentBlock[];
  warnings: string[];
}

type TextDocumentFormat = Extract<DocumentFormat, "csv" | "html" | "md" | "txt">;

/** Media other messages of the same request already carry: Bedrock's counts are per request, not per message. */
export interface CarriedMedia {
  images: number;
  documents: number;
  videos: number;
}

const NOTHING_CARRIED: CarriedMedia = { images: 0, documents: 0, videos: 0 };

/** "Bedrock accepts at most 20 images per request[, and other messages already carry 19]". */
function countLimitReason(subject: string, max: number, noun: string, carried: number): string {
  return `${subject} at most ${max} ${noun} per request${carried > 0 ? `, and other messages already carry ${carried}` : ""}`;
}

export async function buildContentBlocks(
  text: string,
  files: readonly FileEntry[],
  limits: Partial<ContentLimits> = {},
  carried: CarriedMedia = NOTHING_CARRIED,
): Promise<BuiltContent> {
  const limit: ContentLimits = { ...DEFAULT_CONTENT_LIMITS, ...limits };
  const media: ContentBlock[] = [];
  const inlined: ContentBlock[] = [];
  const warnings: string[] = [];
  const documentNames = new Set<string>();
  const count = { ...carried };
  const drop = (file: FileEntry, reason: string) => warnings.push(`dropped "${file.filename}": ${reason}`);

  const addDocument = (file: FileEntry, format: DocumentFormat) => {
    if (file.bytes.length > limit.maxDocumentBytes) {
      return drop(file, `document is ${megabytes(file.bytes.length)}, Bedrock accepts at most ${megabytes(limit.maxDocumentBytes)}`);
    }
    if (count.documents >= limit.maxDocuments) return drop(file, countLimitReason("Bedrock accepts", limit.maxDocuments, "documents", carried.documents));
    count.documents += 1;
    const name = uniqueName(sanitizeDocumentName(file.filename), documentNames);
    media.push({ document: { format, name, source: { bytes: file.bytes } } });
  };

  for (const file of files) {
    const detected: DetectedMedia = await detectMediaType(file.bytes, file.filename);
    switch (detected.category) {
      case "image":
        if (file.bytes.length > limit.maxImageBytes) {
          drop(file, `image is ${megabytes(file.bytes.length)}, Bedrock accepts at most ${megabytes(limit.maxImageBytes)}`);
        } else if (count.images >= limit.maxImages) {
          drop(file, countLimitReason("Bedrock accepts", limit.maxImages, "images", carried.images));
        } else {
          count.images += 1;
          media.push({ image: { format: detected.format, source: { bytes: file.bytes } } });
        }
        break;
      case "video":
        if (!limit.allowVideo) drop(file, "this model does not accept video");
        else if (count.videos >= limit.maxVideos) drop(file, countLimitReason("this model accepts", limit.maxVideos, "video", carried.videos));
        else if (file.s3Uri !== undefined) {
          count.videos += 1;
          media.push({ video: { format: detected.format, source: { s3Location: { uri: file.s3Uri } } } });
        } else if (file.bytes.length > limit.maxVideoBytes) {
          drop(file, `video is ${megabytes(file.bytes.length)}, at most ${megabytes(limit.maxVideoBytes)} can be sent inline`);
        } else {
          count.videos += 1;
          media.push({ video: { format: detected.format, source: { bytes: file.bytes } } });
        }
        break;
      case "document":
        addDocument(file, detected.format);
        break;
      case "text": {
        const documentFormat = textDocumentFormat(detected.format, file.filename);
        if (documentFormat !== undefined) addDocument(file, documentFormat);
        else inlined.push({ text: inlineTextFile(file, limit.maxInlineTextChars, warnings) });
        break;
      }
      case "archive":
        drop(file, "zip archives are not read here; attach the files themselves");
        break;
      case "unsupported":
        drop(file, file.bytes.length === 0 ? "the file is empty" : `${detected.format} files are not supported`);
        break;
      default: {
        const unhandled: never = detected;
        drop(file, `unknown media ${JSON.stringify(unhandled)}`);
      }
    }
  }

  const prompt = text.trim() !== "" ? text : count.documents > carried.documents ? DOCUMENT_PROMPT : "";
  const value: ContentBlock[] = [...media, ...inlined, ...(prompt === "" ? [] : [{ text: prompt }])];
  return { value, warnings };
}

/** csv/html/md, and `.txt` itself, go as documents; code, json and other text is inlined. */
function textDocumentFormat(format: string, filename: string): TextDocumentFormat | undefined {
  if (format === "csv" || format === "html" || format === "md") return format;
  if (format === "txt" && extname(filename).toLowerCase() === ".txt") return "txt";
  return undefined;
}

function inlineTextFile(file: FileEntry, maxChars: number, warnings: string[]): string {
  let content = new TextDecoder("utf-8").decode(file.bytes);
  if (content.length > maxChars) {
    warnings.push(`truncated "${file.filename}" to its first ${maxChars.toLocaleString("en-US")} characters`);
    content = content.slice(0, maxChars);
  }
  return `<file name="${file.filename.replaceAll('"', "'")}">\n${content}\n</file>`;
}

/** Converse rejects two documents with the same name: `report`, `report (2)`, `report (3)`... */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n += 1) {
    const suffix = ` (${n})`;
    candidate = `${name.slice(0, 200 - suffix.length).trimEnd()}${suffix}`; // names are at most 200 characters
  }
  used.add(candidate);
  return candidate;
}

/** `5452595` -> `5.2 MB`, `3932160` -> `3.75 MB`. */
export function megabytes(bytes: number): string {
  return `${Number((bytes / MB).toFixed(2))} MB`;
}
