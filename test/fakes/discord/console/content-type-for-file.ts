/**
 * The content type Discord's client would give a file picked from disk, from its extension: Discord reports it in
 * the attachment's `content_type`, and bots (this one too) read it to decide how to treat the file.
 */
import { extname } from "node:path";

const BY_EXTENSION: Record<string, string> = {
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".json": "application/json",
  ".jsonl": "application/jsonl",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

export function contentTypeForFile(filename: string): string {
  return BY_EXTENSION[extname(filename).toLowerCase()] ?? "application/octet-stream";
}
