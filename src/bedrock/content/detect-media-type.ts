/**
 * What a file is, from its bytes first and its name second.
 *
 * Binary formats (images, video, pdf, office files, zip) are sniffed by magic bytes through `file-type`: a `.png` that
 * is really a JPEG is sent as JPEG, because Bedrock rejects a mismatched format. Text formats have no magic bytes, so
 * once the bytes look like text the extension decides between csv / md / html / json / plain text.
 */
import { fileTypeFromBuffer } from "file-type";
import { extname } from "node:path";

/** Converse `image.format`. */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";
/** Converse `document.format`. */
export type DocumentFormat = "pdf" | "csv" | "doc" | "docx" | "xls" | "xlsx" | "html" | "txt" | "md";
/** Converse `video.format` (Nova models). */
export type VideoFormat = "mkv" | "mov" | "mp4" | "webm" | "flv" | "mpeg" | "mpg" | "wmv" | "three_gp";
/** Text files we understand by extension once the bytes are text. */
type TextFormat = "csv" | "tsv" | "jsonl" | "json" | "md" | "html" | "txt";

export type DetectedMedia =
  | { category: "image"; format: ImageFormat; mime: string }
  | { category: "video"; format: VideoFormat; mime: string }
  /** Binary documents Converse reads (pdf, doc, docx, xls, xlsx). */
  | { category: "document"; format: Extract<DocumentFormat, "pdf" | "doc" | "docx" | "xls" | "xlsx">; mime: string }
  | { category: "archive"; format: "zip"; mime: string }
  /** UTF-8 text; `format` from the extension (`txt` for unknown extensions such as `.py`). */
  | { category: "text"; format: TextFormat; mime: string }
  /** Anything else, with the sniffed type when known (`"exe"`, `"mp3"`) for the user-facing reason. */
  | { category: "unsupported"; format: string; mime: string };

const IMAGE_FORMATS: Record<string, ImageFormat> = { png: "png", jpg: "jpeg", gif: "gif", webp: "webp" };
const VIDEO_FORMATS: Record<string, VideoFormat> = {
  mp4: "mp4",
  m4v: "mp4",
  mov: "mov",
  mkv: "mkv",
  webm: "webm",
  flv: "flv",
  mpg: "mpeg",
  wmv: "wmv",
  asf: "wmv",
  "3gp": "three_gp",
};
const DOCUMENT_FORMATS: Record<string, "pdf" | "doc" | "docx" | "xls" | "xlsx"> = {
  pdf: "pdf",
  docx: "docx",
  xlsx: "xlsx",
  cfb: "doc", // legacy .doc/.xls are OLE compound files; the extension tells which
};
const TEXT_EXTENSIONS: Record<string, TextFormat> = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".tab": "tsv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "json",
  ".md": "md",
  ".markdown": "md",
  ".html": "html",
  ".htm": "html",
};
const TEXT_MIME: Record<TextFormat, string> = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  jsonl: "application/jsonl",
  json: "application/json",
  md: "text/markdown",
  html: "text/html",
  txt: "text/plain",
};

/** How many leading bytes decide "is this text": enough to catch binaries, cheap on large files. */
const TEXT_SNIFF_BYTES = 8192;

/** True when the sample has no NUL bytes and decodes as UTF-8 (a multi-byte char cut at the end is allowed). */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, TEXT_SNIFF_BYTES);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Sniffs `bytes` (magic bytes first, then text + extension). Never throws. */
export async function detectMediaType(bytes: Uint8Array, filename: string): Promise<DetectedMedia> {
  const sniffed = await fileTypeFromBuffer(bytes).catch(() => undefined);
  const ext = extname(filename).toLowerCase();
  if (sniffed) {
    const image = IMAGE_FORMATS[sniffed.ext];
    if (image) return { category: "image", format: image, mime: sniffed.mime };
    const video = VIDEO_FORMATS[sniffed.ext];
    if (video) return { category: "video", format: ext === ".mpg" && video === "mpeg" ? "mpg" : video, mime: sniffed.mime };
    const doc = DOCUMENT_FORMATS[sniffed.ext];
    if (doc === "doc") return { category: "document", format: ext === ".xls" ? "xls" : "doc", mime: sniffed.mime };
    if (doc) return { category: "document", format: doc, mime: sniffed.mime };
    if (sniffed.ext === "zip") return { category: "archive", format: "zip", mime: sniffed.mime };
    // file-type recognises some text-ish formats (xml, svg); treat those as text only if they really are text.
    if (!looksLikeText(bytes)) return { category: "unsupported", format: sniffed.ext, mime: sniffed.mime };
  }
  if (bytes.length === 0 || !looksLikeText(bytes)) {
    return { category: "unsupported", format: ext.replace(/^\./, "") || "unknown", mime: "application/octet-stream" };
  }
  const format = TEXT_EXTENSIONS[ext] ?? "txt";
  return { category: "text", format, mime: TEXT_MIME[format] };
}
