/**
 * How far input expansion may go before it refuses: one defaults object, overridable from config.
 * Converse's own media rules (image/document size and count) are enforced by the shared content builder, not here.
 */

export interface BatchInputLimits {
  /** Largest single file, zip member or S3 object read, in bytes (all of it is held in memory while it is read). */
  maxFileBytes: number;
  /** Largest text file (`.txt`, `.md`) inlined into a prompt, in characters. */
  maxTextChars: number;
  /** Most entries one archive (nested archives included) may declare. */
  maxZipEntries: number;
  /** Most bytes one archive (nested archives included) may inflate to, declared or actual. */
  maxZipTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one member; deflate tops out near 1032:1, bombs sit there. */
  maxZipRatio: number;
  /** Deepest archive nesting read: 1 = a zip's members, 2 = also zips inside it, ... */
  maxZipDepth: number;
  /** Most objects read from one S3 prefix. */
  maxS3Objects: number;
  /** Most S3 objects downloaded at once: a prefix of 1,000 small images is bound by round trips, not bandwidth. */
  s3ReadConcurrency: number;
  /** Bytes of S3 objects held in flight at most; large objects lower the concurrency to stay within it. */
  s3ReadBudgetBytes: number;
}

export const DEFAULT_BATCH_INPUT_LIMITS = {
  maxFileBytes: 100 * 1024 * 1024,
  maxTextChars: 200_000,
  maxZipEntries: 10_000,
  maxZipTotalBytes: 512 * 1024 * 1024,
  maxZipRatio: 100,
  maxZipDepth: 3,
  maxS3Objects: 10_000,
  s3ReadConcurrency: 50, // the SDK's default socket pool per host; more would only queue inside the agent
  s3ReadBudgetBytes: 256 * 1024 * 1024,
} as const satisfies BatchInputLimits;

/** Defaults with the given overrides (e.g. from config); `undefined` overrides are ignored. */
export function resolveBatchInputLimits(overrides: Partial<BatchInputLimits> = {}): BatchInputLimits {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_BATCH_INPUT_LIMITS, ...(Object.fromEntries(defined) as Partial<BatchInputLimits>) };
}
