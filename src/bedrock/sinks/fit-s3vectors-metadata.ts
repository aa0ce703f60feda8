/**
 * Metadata -> metadata S3 Vectors accepts: at most 50 keys, filterable entries within 2 KB, everything within 40 KB.
 * Where a vector's columns do not fit, the longest values are cut (with "…"), never the vector dropped; the caller
 * counts the vectors cut so the user hears about it.
 */
import { metadataEntryBytes, S3_VECTORS_LIMITS } from "./s3vectors-limits.ts";

const ELLIPSIS = "…";

/** Cuts `value` to at most `bytes` UTF-8 bytes (whole characters), ending in an ellipsis when cut. */
function cutToBytes(value: string, bytes: number): string {
  if (Buffer.byteLength(value) <= bytes) return value;
  const room = Math.max(0, bytes - Buffer.byteLength(ELLIPSIS));
  let out = "";
  let used = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char);
    if (used + size > room) break;
    out += char;
    used += size;
  }
  return out + ELLIPSIS;
}

/** Shrinks the longest values of `entries` until their total is within `budget` (or every value is empty). */
function shrinkToBudget(entries: [string, string][], budget: number): void {
  let total = entries.reduce((sum, [key, value]) => sum + metadataEntryBytes(key, value), 0);
  while (total > budget) {
    const longest = entries.reduce<[string, string] | undefined>((best, entry) => (best === undefined || Buffer.byteLength(entry[1]) > Buffer.byteLength(best[1]) ? entry : best), undefined);
    const length = longest === undefined ? 0 : Buffer.byteLength(longest[1]);
    if (longest === undefined || length === 0) return;
    const allowed = length - (total - budget);
    const next = allowed > Buffer.byteLength(ELLIPSIS) ? cutToBytes(longest[1], allowed) : "";
    total -= length - Buffer.byteLength(next);
    longest[1] = next;
  }
}

export interface FittedMetadata {
  metadata: Record<string, string>;
  /** Some value was cut or some key left out. */
  cut: boolean;
}

export function fitS3VectorsMetadata(metadata: Readonly<Record<string, string>>, nonFilterable: ReadonlySet<string>): FittedMetadata {
  const all = Object.entries(metadata);
  const kept = all.slice(0, S3_VECTORS_LIMITS.metadataKeys).map(([key, value]): [string, string] => [key, value]);
  const filterable = kept.filter(([key]) => !nonFilterable.has(key));
  const other = kept.filter(([key]) => nonFilterable.has(key));
  shrinkToBudget(filterable, S3_VECTORS_LIMITS.filterableMetadataBytes);
  const filterableBytes = filterable.reduce((sum, [key, value]) => sum + metadataEntryBytes(key, value), 0);
  shrinkToBudget(other, S3_VECTORS_LIMITS.metadataBytes - filterableBytes);
  const fitted = Object.fromEntries([...filterable, ...other]);
  const cut = all.length > kept.length || Object.entries(fitted).some(([key, value]) => metadata[key] !== value);
  return { metadata: Object.fromEntries(kept.map(([key]) => [key, fitted[key] ?? ""])), cut };
}
