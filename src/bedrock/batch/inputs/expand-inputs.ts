/**
 * Sources (files, S3 prefixes) -> a stream of units that can become records, and of units that cannot, with a reason.
 *
 * A unit ("input") is: each data row of a CSV/TSV/JSONL/JSON-array file; each other file or zip member (image, video,
 * document, text, unsupported, empty); and a whole file when it cannot be read at all (broken or refused archive, data
 * file without rows). Archives are containers, not units: their members are, recursively. Directory entries and macOS
 * metadata in archives are not units. Every unit is yielded exactly once, as an item or as a skip.
 */
import { posix } from "node:path";
import { detectMediaType } from "../../content/detect-media-type.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { DEFAULT_BATCH_INPUT_LIMITS, type BatchInputLimits } from "./batch-input-limits.ts";
import { formatBytes } from "./format-bytes.ts";
import { skippedEvent, type InputEvent, type InputOrigin, type InputSource, type TabularMode } from "./input-item.ts";
import { pMapIterable } from "p-map";
import { checkS3Source, listS3Prefix, readS3Object, type S3ObjectReader, type S3ObjectRef } from "./list-s3-prefix.ts";
import { parseDelimitedRows } from "./parse-delimited-rows.ts";
import { parseJsonArray, parseJsonLines } from "./parse-json-rows.ts";
import { createZipBudget, readZipMembers, type ZipBudget } from "./read-zip-members.ts";
import type { RowEvent } from "./row-event.ts";

export interface ExpandInputsDeps {
  /** Reads `s3` sources (an `S3Client`); required when there are any. */
  s3?: S3ObjectReader;
  /** Buckets `s3` sources may read from (see `allowedSourceBuckets`). */
  allowedBuckets?: readonly string[];
}

/** One file on its way through expansion. */
interface PendingFile {
  origin: InputOrigin;
  filename: string;
  bytes: Uint8Array;
  tabular: TabularMode;
  /** Archive nesting of this file: 0 for a source, 1 for a member of a source archive, ... */
  depth: number;
  /** Shared by an archive and everything nested in it. */
  budget?: ZipBudget;
}

const utf8 = new TextDecoder("utf-8");

async function* rowsToEvents(file: PendingFile, rows: Iterable<RowEvent> | AsyncIterable<RowEvent>): AsyncGenerator<InputEvent> {
  for await (const event of rows) {
    if (event.type === "skipped") {
      yield skippedEvent(event.row === undefined ? file.origin : { ...file.origin, row: event.row }, event.reason);
    } else {
      yield { type: "item", item: { kind: "row", origin: { ...file.origin, row: event.row }, columns: event.columns, values: event.values } };
    }
  }
}

function textItem(file: PendingFile, limits: BatchInputLimits): InputEvent {
  const text = utf8.decode(file.bytes);
  if (text.trim() === "") return skippedEvent(file.origin, "the file has no text");
  if (text.length > limits.maxTextChars) {
    return skippedEvent(file.origin, `the text is ${text.length} characters; at most ${limits.maxTextChars} are inlined into a prompt`);
  }
  return { type: "item", item: { kind: "text", origin: file.origin, filename: file.filename, text } };
}

async function* expandArchive(file: PendingFile, limits: BatchInputLimits): AsyncGenerator<InputEvent> {
  if (file.depth >= limits.maxZipDepth) {
    yield skippedEvent(file.origin, `archives nested more than ${limits.maxZipDepth} deep are not read`);
    return;
  }
  const budget = file.budget ?? createZipBudget(limits);
  for await (const event of readZipMembers(file.bytes, limits, budget)) {
    if (event.type === "skipped" && event.path === undefined) {
      yield skippedEvent(file.origin, event.reason);
      continue;
    }
    const origin: InputOrigin = {
      source: file.origin.source,
      member: file.origin.member === undefined ? event.path : `${file.origin.member}/${event.path}`,
    };
    if (event.type === "skipped") yield skippedEvent(origin, event.reason);
    else yield* expandFile({ origin, filename: posix.basename(event.path), bytes: event.bytes, tabular: file.tabular, depth: file.depth + 1, budget }, limits);
  }
}

/** One file (source or archive member) -> its units. */
async function* expandFile(file: PendingFile, limits: BatchInputLimits): AsyncGenerator<InputEvent> {
  if (file.bytes.length === 0) {
    yield skippedEvent(file.origin, "the file is empty");
    return;
  }
  if (file.bytes.length > limits.maxFileBytes) {
    yield skippedEvent(file.origin, `the file is ${formatBytes(file.bytes.length)}; the limit is ${formatBytes(limits.maxFileBytes)}`);
    return;
  }
  const media = await detectMediaType(file.bytes, file.filename);
  const base = { origin: file.origin, filename: file.filename, bytes: file.bytes, mime: media.mime };
  switch (media.category) {
    case "image":
      yield { type: "item", item: { ...base, kind: "image", format: media.format } };
      return;
    case "video":
      yield { type: "item", item: { ...base, kind: "video", format: media.format } };
      return;
    case "document":
      yield { type: "item", item: { ...base, kind: "document", format: media.format } };
      return;
    case "archive":
      yield* expandArchive(file, limits);
      return;
    case "unsupported":
      yield skippedEvent(file.origin, `unsupported file type (${media.format})`);
      return;
    case "text":
      switch (media.format) {
        case "csv":
          if (file.tabular === "document") yield { type: "item", item: { ...base, kind: "document", format: "csv" } };
          else yield* rowsToEvents(file, parseDelimitedRows(file.bytes, ","));
          return;
        case "tsv":
          // Converse has no TSV document format: as a document, a TSV is inlined text.
          if (file.tabular === "document") yield textItem(file, limits);
          else yield* rowsToEvents(file, parseDelimitedRows(file.bytes, "\t"));
          return;
        case "jsonl":
          yield* rowsToEvents(file, parseJsonLines(file.bytes));
          return;
        case "json":
          yield* rowsToEvents(file, parseJsonArray(file.bytes));
          return;
        case "html":
          yield { type: "item", item: { ...base, kind: "document", format: "html" } };
          return;
        case "md":
        case "txt":
          yield textItem(file, limits);
          return;
        default: {
          const unexpected: never = media;
          throw new Error(`unhandled text format ${JSON.stringify(unexpected)}`);
        }
      }
    default: {
      const unexpected: never = media;
      throw new Error(`unhandled media ${JSON.stringify(unexpected)}`);
    }
  }
}

interface S3Listings {
  s3?: S3ObjectReader;
  objects: Map<InputSource, S3ObjectRef[]>;
}

/** Lists every S3 source first, so a refused bucket or an over-large prefix fails before any unit is produced. */
async function listS3Sources(sources: readonly InputSource[], limits: BatchInputLimits, deps: ExpandInputsDeps): Promise<S3Listings> {
  const objects = new Map<InputSource, S3ObjectRef[]>();
  const s3Sources = sources.filter((source) => source.kind === "s3");
  if (s3Sources.length === 0) return { objects };
  const allowed = deps.allowedBuckets ?? [];
  for (const source of s3Sources) checkS3Source(source.uri, allowed);
  const { s3 } = deps;
  if (s3 === undefined) throw new Error("expandInputs: an S3 client is required for s3 sources");
  let total = 0;
  for (const source of s3Sources) {
    const listed: S3ObjectRef[] = [];
    for await (const object of listS3Prefix(s3, source.uri, allowed)) {
      if (++total > limits.maxS3Objects) {
        throw new UserFacingError(`There are more than ${limits.maxS3Objects} objects under the given S3 locations; narrow the prefix.`);
      }
      listed.push(object);
    }
    objects.set(source, listed);
  }
  return { s3, objects };
}

/**
 * Downloads the objects several at a time (in listing order), then expands each like an uploaded file. Concurrency
 * is `s3ReadConcurrency`, lowered so that the largest objects in flight stay within `s3ReadBudgetBytes`.
 */
async function* expandS3Objects(objects: readonly S3ObjectRef[], tabular: TabularMode, limits: BatchInputLimits, s3: S3ObjectReader): AsyncGenerator<InputEvent> {
  const readable = objects.filter((object) => object.size <= limits.maxFileBytes);
  const largest = readable.reduce((max, object) => Math.max(max, object.size), 1);
  const concurrency = Math.max(1, Math.min(limits.s3ReadConcurrency, Math.floor(limits.s3ReadBudgetBytes / largest)));
  const downloads = pMapIterable(objects, (object) => (object.size > limits.maxFileBytes ? undefined : readS3Object(s3, object)), { concurrency });
  let index = 0;
  for await (const bytes of downloads) {
    const object = objects[index++]!;
    const origin = { source: `s3://${object.bucket}/${object.key}` };
    if (bytes === undefined) {
      yield skippedEvent(origin, `the object is ${formatBytes(object.size)}; the limit is ${formatBytes(limits.maxFileBytes)}`);
    } else {
      yield* expandFile({ origin, filename: posix.basename(object.key), bytes, tabular, depth: 0 }, limits);
    }
  }
}

/**
 * Expands `sources` in order into items and skips. Throws a `UserFacingError` (before yielding anything) for an S3
 * source outside the allowed buckets or a prefix with too many objects.
 */
export async function* expandInputs(
  sources: readonly InputSource[],
  limits: BatchInputLimits = DEFAULT_BATCH_INPUT_LIMITS,
  deps: ExpandInputsDeps = {},
): AsyncGenerator<InputEvent> {
  const listings = await listS3Sources(sources, limits, deps);
  for (const source of sources) {
    const tabular = source.tabular ?? "rows";
    if (source.kind === "file") {
      yield* expandFile({ origin: { source: source.filename }, filename: source.filename, bytes: source.bytes, tabular, depth: 0 }, limits);
      continue;
    }
    const objects = listings.objects.get(source) ?? [];
    if (objects.length === 0 || listings.s3 === undefined) yield skippedEvent({ source: source.uri }, "no objects under this S3 prefix");
    else yield* expandS3Objects(objects, tabular, limits, listings.s3);
  }
}
