/**
 * What input expansion hands to record building: one `InputItem` per unit that can become records (a file, a zip
 * member, a data row), or one `SkippedInput` per unit that cannot. Each unit appears exactly once, which is what makes
 * `inputs = records + skipped` checkable downstream.
 */
import type { DocumentFormat, ImageFormat, VideoFormat } from "../../content/detect-media-type.ts";
import type { Provenance, SkippedInput } from "../batch-types.ts";

/** How CSV/TSV files are read: one record per row (default), or the whole file as one document. */
export type TabularMode = "rows" | "document";

/** Something the user handed in. */
export type InputSource =
  /** A local file or a Discord attachment's bytes. */
  | { kind: "file"; filename: string; bytes: Uint8Array; tabular?: TabularMode }
  /** Every object under an `s3://bucket/prefix` in an allowed bucket. */
  | { kind: "s3"; uri: string; tabular?: TabularMode };

/** Where a unit came from; a record's provenance is this plus the prompt's name. */
export type InputOrigin = Omit<Provenance, "prompt">;

interface MediaItem {
  origin: InputOrigin;
  /** Base name of the file or member (`cat.png`), for `{filename}` and document names. */
  filename: string;
  bytes: Uint8Array;
  /** Sniffed MIME type (`image/png`), for the S3 upload of media referenced by `s3Location`. */
  mime: string;
}

export type InputItem =
  /** A data row: CSV/TSV (header excluded), JSONL (row = line number) or a JSON array element. */
  | { kind: "row"; origin: InputOrigin & { row: number }; columns: readonly string[]; values: Readonly<Record<string, string>> }
  /** A `.txt` / `.md` file (or TSV read as a document), inlined into the prompt. */
  | { kind: "text"; origin: InputOrigin; filename: string; text: string }
  | (MediaItem & { kind: "image"; format: ImageFormat })
  | (MediaItem & { kind: "document"; format: DocumentFormat })
  | (MediaItem & { kind: "video"; format: VideoFormat });

export type InputEvent = { type: "item"; item: InputItem } | { type: "skipped"; skipped: SkippedInput };

/** `data.csv row 17`, `photos.zip: imgs/cat.png`, `photos.zip: rows.csv row 2`. */
export function describeOrigin(origin: InputOrigin): string {
  const place = origin.member === undefined ? origin.source : `${origin.source}: ${origin.member}`;
  return origin.row === undefined ? place : `${place} row ${origin.row}`;
}

/** A skipped-input event for `origin`. */
export function skippedEvent(origin: InputOrigin, reason: string): InputEvent {
  return { type: "skipped", skipped: { input: describeOrigin(origin), reason } };
}
