/**
 * Amazon S3 Vectors limits (S3 User Guide, "Limitations and restrictions" of S3 Vectors), shared by the sink (which
 * stays inside them) and the test fake (which enforces them).
 */
export const S3_VECTORS_LIMITS = {
  /** Vectors per PutVectors call. */
  putVectors: 500,
  /** Request payload size: 20 MiB. */
  requestBytes: 20 * 1024 * 1024,
  /** Total metadata per vector (filterable + non-filterable): 40 KB. */
  metadataBytes: 40 * 1024,
  /** Filterable metadata per vector: 2 KB. */
  filterableMetadataBytes: 2 * 1024,
  /** Metadata keys per vector. */
  metadataKeys: 50,
  /** Non-filterable metadata keys per index. */
  nonFilterableKeys: 10,
  /** Dimension of a vector: 1 to 4,096. */
  maxDimension: 4096,
  /** Top-K results per QueryVectors request. */
  topK: 100,
  /** Key length, 1 to 1,024 characters. */
  keyLength: 1024,
  /** Vectors per GetVectors call. */
  getVectors: 100,
  /** Vectors per ListVectors page. */
  listVectors: 1000,
} as const;

/**
 * Bytes a metadata entry counts for: the UTF-8 length of its key and of its value (AWS does not publish the exact
 * accounting; this one is what the sink keeps under and the fake checks, so the two agree).
 */
export function metadataEntryBytes(key: string, value: unknown): number {
  return Buffer.byteLength(key) + Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));
}
