/**
 * A zip archive's bytes -> its file members, one at a time, inflated in memory (nothing is extracted to disk).
 *
 * Hostile archives are refused before anything is inflated, from the central directory: too many entries, too many
 * declared bytes in total (shared with nested archives through `ZipBudget`), or a member compressed past the ratio
 * limit. Headers can lie, so the same limits are enforced again on the bytes actually inflated. A member with an unsafe
 * path (absolute, `../`), encryption or an unknown compression method is skipped on its own; an archive that breaks
 * midway is reported once, keeping the members already read.
 */
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import type { BatchInputLimits } from "./batch-input-limits.ts";
import { formatBytes } from "./format-bytes.ts";
import { errorMessage } from "../../../format/error-message.ts";

/** What is left to spend on one top-level archive and everything nested in it; mutated as members are read. */
export interface ZipBudget {
  entries: number;
  bytes: number;
}

export function createZipBudget(limits: Pick<BatchInputLimits, "maxZipEntries" | "maxZipTotalBytes">): ZipBudget {
  return { entries: limits.maxZipEntries, bytes: limits.maxZipTotalBytes };
}

export type ZipMemberEvent =
  | { type: "member"; path: string; bytes: Uint8Array }
  /** `path` absent: the archive itself was refused or broke (members already yielded stay valid). */
  | { type: "skipped"; path?: string; reason: string };

/** Members smaller than this are never bombs, whatever their ratio (a 50 KB file of spaces compresses 500:1). */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Archive metadata that is not user content: not an input, like a directory entry. */
function isMetadata(path: string): boolean {
  return path.startsWith("__MACOSX/") || path === ".DS_Store" || path.endsWith("/.DS_Store");
}

interface ListedEntry {
  entry: Entry;
  path: string;
}

type Listing = { ok: true; entries: ListedEntry[] } | { ok: false; reason: string };

/** Reads the central directory only and applies the before-inflating checks. */
async function listEntries(zip: ZipFile, limits: ZipReadLimits, budget: ZipBudget): Promise<Listing> {
  if (zip.entryCount > budget.entries) {
    return { ok: false, reason: `it declares ${zip.entryCount} entries; at most ${limits.maxZipEntries} are read (zip bomb guard)` };
  }
  budget.entries -= zip.entryCount;
  const entries: ListedEntry[] = [];
  let declared = 0;
  for await (const entry of zip.eachEntry()) {
    const path = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    if (path.endsWith("/") || isMetadata(path)) continue;
    declared += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= RATIO_CHECK_MIN_BYTES && ratio > limits.maxZipRatio) {
      return { ok: false, reason: `${path} is compressed ${Math.round(ratio)}:1; the limit is ${limits.maxZipRatio}:1 (zip bomb guard)` };
    }
    entries.push({ entry, path });
  }
  if (declared > budget.bytes) {
    return {
      ok: false,
      reason: `it declares ${formatBytes(declared)} uncompressed; at most ${formatBytes(limits.maxZipTotalBytes)} are read (zip bomb guard)`,
    };
  }
  return { ok: true, entries };
}

/** Why a listed member is skipped without inflating it, if it is. */
function refuseMember(listed: ListedEntry, limits: ZipReadLimits): string | undefined {
  const { entry, path } = listed;
  const unsafe = yauzl.validateFileName(path);
  if (unsafe !== null) return `unsafe path in the archive (${unsafe.split(":")[0] ?? "invalid"})`;
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return "symbolic links are not followed";
  if (entry.isEncrypted()) return "the member is encrypted";
  if (!entry.canDecodeFileData()) return `unsupported compression method ${entry.compressionMethod}`;
  if (entry.uncompressedSize > limits.maxFileBytes) {
    return `it is ${formatBytes(entry.uncompressedSize)}; the limit per file is ${formatBytes(limits.maxFileBytes)}`;
  }
  return undefined;
}

/** Thrown while inflating when the bytes break a limit the headers claimed to respect. */
class ZipLimitError extends Error {}

/** Inflates one member, counting bytes as they come: never more than declared, nor than the budget allows. */
async function inflateMember(zip: ZipFile, listed: ListedEntry, limits: ZipReadLimits, budget: ZipBudget): Promise<Uint8Array> {
  const { entry, path } = listed;
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > entry.uncompressedSize) throw new ZipLimitError(`${path} inflates past its declared ${formatBytes(entry.uncompressedSize)}`);
      if (size > budget.bytes) throw new ZipLimitError(`it inflates past ${formatBytes(limits.maxZipTotalBytes)} (zip bomb guard)`);
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  if (size < entry.uncompressedSize) throw new Error(`${path} holds ${size} bytes, fewer than its declared ${entry.uncompressedSize}`);
  budget.bytes -= size;
  return Buffer.concat(chunks, size);
}

export type ZipReadLimits = Pick<BatchInputLimits, "maxFileBytes" | "maxZipEntries" | "maxZipTotalBytes" | "maxZipRatio">;

/** Yields each file member (directories and macOS metadata are not members), or why it or the archive is skipped. */
export async function* readZipMembers(bytes: Uint8Array, limits: ZipReadLimits, budget: ZipBudget): AsyncGenerator<ZipMemberEvent> {
  let zip: ZipFile;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Names are decoded and checked per member below (yauzl would fail the whole archive on one bad name), and sizes
    // are counted in `inflateMember` with a bomb-guard message (yauzl's own check would only say "too many bytes").
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    yield { type: "skipped", reason: `not a readable zip archive: ${errorMessage(error)}` };
    return;
  }
  let read = 0;
  try {
    const listing = await listEntries(zip, limits, budget);
    if (!listing.ok) {
      yield { type: "skipped", reason: `archive refused: ${listing.reason}` };
      return;
    }
    if (listing.entries.length === 0) yield { type: "skipped", reason: "the archive holds no files" };
    for (const listed of listing.entries) {
      const refusal = refuseMember(listed, limits);
      if (refusal !== undefined) {
        yield { type: "skipped", path: listed.path, reason: refusal };
      } else {
        const member = await inflateMember(zip, listed, limits, budget);
        yield { type: "member", path: listed.path, bytes: member };
      }
      read++;
    }
  } catch (error) {
    const after = read === 0 ? "" : ` after ${read} member${read === 1 ? "" : "s"}`;
    const reason = error instanceof ZipLimitError ? `archive refused${after}: ${error.message}` : `the archive is broken${after}: ${errorMessage(error)}`;
    yield { type: "skipped", reason };
  } finally {
    zip.close();
  }
}
