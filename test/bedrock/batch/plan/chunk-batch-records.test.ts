import { describe, expect, it } from "vitest";
import { chunkBatchRecords, DEFAULT_CHUNK_LIMITS, type ChunkLimits } from "../../../../src/bedrock/batch/plan/chunk-batch-records.ts";

const sizes = (count: number, size = 100) => Array.from({ length: count }, () => size);
const counts = (plan: ReturnType<typeof chunkBatchRecords>) => (plan.ok ? plan.jobs.map((job) => job.end - job.start) : plan.reason);

describe("chunkBatchRecords", () => {
  it("GIVEN fewer records than the minimum THEN under_minimum with the numbers", () => {
    expect(chunkBatchRecords(sizes(40))).toEqual({ ok: false, reason: "under_minimum", detail: "40 records; the model's batch minimum is 100" });
  });

  it("GIVEN exactly the minimum THEN one job with one file", () => {
    const plan = chunkBatchRecords(sizes(100));
    expect(plan).toEqual({ ok: true, jobs: [{ start: 0, end: 100, bytes: 10_000, files: [{ start: 0, end: 100, bytes: 10_000 }] }] });
  });

  it("GIVEN one record more than a job holds THEN two even jobs, never a 1-record tail", () => {
    expect(counts(chunkBatchRecords(sizes(50_001)))).toEqual([25_001, 25_000]);
  });

  it("GIVEN a small per-job maximum THEN every job is within [min, max] and all records are covered once", () => {
    const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, minRecordsPerJob: 100, maxRecordsPerJob: 250 };
    const plan = chunkBatchRecords(sizes(1_001), limits);
    expect(counts(plan)).toEqual([201, 200, 200, 200, 200]);
    if (!plan.ok) throw new Error("expected a plan");
    expect(plan.jobs.map((job) => [job.start, job.end])).toEqual([[0, 201], [201, 401], [401, 601], [601, 801], [801, 1001]]);
  });

  it("GIVEN a byte limit per file THEN a job is split into several files within it", () => {
    const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, maxFileBytes: 25_000 };
    const plan = chunkBatchRecords(sizes(600, 100), limits);
    if (!plan.ok) throw new Error("expected a plan");
    expect(plan.jobs).toHaveLength(1);
    expect(plan.jobs[0]!.files.map((file) => file.bytes)).toEqual([20_000, 20_000, 20_000]);
  });

  it("GIVEN a byte limit per job THEN more jobs, each still at or above the minimum", () => {
    const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, maxJobBytes: 30_000 };
    expect(counts(chunkBatchRecords(sizes(500, 100), limits))).toEqual([250, 250]);
  });

  it("GIVEN byte limits that would force jobs under the minimum THEN cannot_balance instead of an invalid job", () => {
    const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, maxJobBytes: 14_000 };
    expect(counts(chunkBatchRecords(sizes(150, 100), limits))).toBe("cannot_balance");
  });

  it("GIVEN a record larger than an input file may be THEN record_too_large", () => {
    const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, maxFileBytes: 1_000 };
    expect(counts(chunkBatchRecords([...sizes(99), 5_000], limits))).toBe("record_too_large");
  });
});
