/**
 * Splits a run's records into jobs and input files within Bedrock's batch quotas, so that no job falls under the
 * model's minimum: a greedy split would leave a 1-record tail job that fails validation (reference: "no handling of
 * the 100-record minimum (the last chunk fails validation)"). Records are split evenly instead: k jobs of n/k records,
 * with k the smallest count that keeps every job and file within its record and byte limits.
 */

/**
 * Quotas one job and one input file must respect: AWS's default batch quotas per model (Service Quotas; several are
 * adjustable), e.g. at least 100 records per job, at most 50,000 per file and per job, 1 GB per file, 5 GB per job.
 */
export interface ChunkLimits {
  /** Fewest records Bedrock accepts in one job (100 for most models). */
  minRecordsPerJob: number;
  maxRecordsPerJob: number;
  maxRecordsPerFile: number;
  /** 1 GB per input file. */
  maxFileBytes: number;
  /** 5 GB per job (Nova Pro: 100 GB). */
  maxJobBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = {
  minRecordsPerJob: 100,
  maxRecordsPerJob: 50_000,
  maxRecordsPerFile: 50_000,
  maxFileBytes: 1_000_000_000,
  maxJobBytes: 5_000_000_000,
};

/** A contiguous slice of the run's records: `[start, end)`. */
interface RecordRange {
  start: number;
  end: number;
  bytes: number;
}

export interface JobChunk extends RecordRange {
  files: RecordRange[];
}

export type ChunkPlan =
  | { ok: true; jobs: JobChunk[] }
  /** Under the minimum (the small-batch policy decides), or records too large to fit the byte limits. */
  | { ok: false; reason: "under_minimum" | "record_too_large" | "cannot_balance"; detail: string };

/** Splits `[0, sizes.length)` into `parts` contiguous ranges whose counts differ by at most one. */
function splitEvenly(sizes: readonly number[], start: number, end: number, parts: number): RecordRange[] {
  const count = end - start;
  const ranges: RecordRange[] = [];
  let cursor = start;
  for (let part = 0; part < parts; part++) {
    const take = Math.floor(count / parts) + (part < count % parts ? 1 : 0);
    let bytes = 0;
    for (let i = cursor; i < cursor + take; i++) bytes += sizes[i] ?? 0;
    ranges.push({ start: cursor, end: cursor + take, bytes });
    cursor += take;
  }
  return ranges;
}

/** Smallest even split of `[start, end)` whose parts respect `maxRecords` and `maxBytes`, or undefined. */
function fitEvenly(sizes: readonly number[], start: number, end: number, maxRecords: number, maxBytes: number, minRecords: number): RecordRange[] | undefined {
  const count = end - start;
  for (let parts = Math.max(1, Math.ceil(count / maxRecords)); count / parts >= minRecords; parts++) {
    const ranges = splitEvenly(sizes, start, end, parts);
    if (ranges.every((range) => range.bytes <= maxBytes)) return ranges;
  }
  return undefined;
}

/**
 * @param sizes byte length of each record's JSONL line (including the newline), in record order.
 */
export function chunkBatchRecords(sizes: readonly number[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): ChunkPlan {
  const count = sizes.length;
  if (count < limits.minRecordsPerJob) {
    return { ok: false, reason: "under_minimum", detail: `${count} records; the model's batch minimum is ${limits.minRecordsPerJob}` };
  }
  const largest = sizes.reduce((max, size) => Math.max(max, size), 0);
  if (largest > limits.maxFileBytes) {
    return { ok: false, reason: "record_too_large", detail: `a record is ${largest} bytes; an input file holds at most ${limits.maxFileBytes}` };
  }
  const jobs = fitEvenly(sizes, 0, count, limits.maxRecordsPerJob, limits.maxJobBytes, limits.minRecordsPerJob);
  if (!jobs) {
    return {
      ok: false,
      reason: "cannot_balance",
      detail: `${count} records cannot be split into jobs of at least ${limits.minRecordsPerJob} records within ${limits.maxJobBytes} bytes each`,
    };
  }
  const withFiles: JobChunk[] = [];
  for (const job of jobs) {
    // Files have no minimum of their own; only the job does.
    const files = fitEvenly(sizes, job.start, job.end, limits.maxRecordsPerFile, limits.maxFileBytes, 1);
    if (!files) return { ok: false, reason: "record_too_large", detail: `records ${job.start}-${job.end - 1} do not fit input files of ${limits.maxFileBytes} bytes` };
    withFiles.push({ ...job, files });
  }
  return { ok: true, jobs: withFiles };
}
