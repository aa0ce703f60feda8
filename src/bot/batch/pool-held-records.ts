/**
 * Records of a `wait` submission, held in S3 while they wait in a pool (the attachments' CDN links expire; the bot may
 * restart): one JSONL file per contribution under the planned run's prefix, `<prefix>runs/<runId>/held-records.jsonl`,
 * each line a `BatchRecord` with media bytes as base64. Record ids get the contribution id in front so they stay
 * unique when several contributions go out as one job. `pooledPlan` turns the held records of every contribution of
 * a full pool into one `BatchPlan` for `startBatchJobs`. Once an expired contribution's records are answered on
 * demand, the answers are kept beside them (`keepHeldAnswers`, `<runKey>on-demand/`) so a retry does not pay again.
 * A contribution withdrawn with `/batch cancel` takes its held records with it (`deleteHeldRecords`).
 */
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { BatchRecord } from "../../bedrock/batch/batch-types.ts";
import { runLayout } from "../../bedrock/batch/jobs/batch-layout.ts";
import { chunkBatchRecords, DEFAULT_CHUNK_LIMITS } from "../../bedrock/batch/plan/chunk-batch-records.ts";
import { batchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import { MANIFEST_FILE_NAME } from "../../bedrock/batch/results/batch-output-source.ts";
import { decideRunAction } from "../../bedrock/batch/run/decide-run-action.ts";
import { estimateRunCost } from "../../bedrock/batch/run/estimate-run-cost.ts";
import { formatRecordLine } from "../../bedrock/batch/run/format-record-line.ts";
import { ON_DEMAND_OUTPUT_FILE } from "../../bedrock/batch/run/run-on-demand.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import type { PoolContribution } from "../../store/batch-pool.ts";

export interface HeldRecordsPlace {
  s3: S3Client;
  bucket: string;
  prefix: string;
}

interface HeldLine extends Omit<BatchRecord, "media"> {
  media?: { key: string; base64: string; contentType: string }[];
}

function heldKey(place: HeldRecordsPlace, runId: string): string {
  return `${runLayout(place.bucket, place.prefix, runId).runKey}held-records.jsonl`;
}

/** Writes the plan's records (replayed) for contribution `contributionId`; returns how many. */
export async function holdRecords(place: HeldRecordsPlace, plan: BatchPlan, runId: string, contributionId: string): Promise<number> {
  const lines: string[] = [];
  for await (const record of plan.replay()) {
    const { media, ...rest } = record;
    const line: HeldLine = {
      ...rest,
      recordId: `${contributionId}-${record.recordId}`,
      ...(media === undefined ? {} : { media: media.map((each) => ({ key: each.key, contentType: each.contentType, base64: Buffer.from(each.bytes).toString("base64") })) }),
    };
    lines.push(JSON.stringify(line));
  }
  await place.s3.send(new PutObjectCommand({ Bucket: place.bucket, Key: heldKey(place, runId), Body: `${lines.join("\n")}\n`, ContentType: "application/x-ndjson" }));
  return lines.length;
}

export async function readHeldRecords(place: HeldRecordsPlace, runId: string): Promise<BatchRecord[]> {
  const answer = await place.s3.send(new GetObjectCommand({ Bucket: place.bucket, Key: heldKey(place, runId) }));
  const text = (await answer.Body?.transformToString()) ?? "";
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { media, ...rest } = JSON.parse(line) as HeldLine;
      return { ...rest, ...(media === undefined ? {} : { media: media.map((each) => ({ key: each.key, contentType: each.contentType, bytes: Buffer.from(each.base64, "base64") })) }) };
    });
}

/** Deletes the held records of run `runId` (a withdrawn contribution). S3 answers a missing key alike, so a retry is harmless. */
export async function deleteHeldRecords(place: HeldRecordsPlace, runId: string): Promise<void> {
  await place.s3.send(new DeleteObjectCommand({ Bucket: place.bucket, Key: heldKey(place, runId) }));
}

/** The files `runOnDemand` writes; the manifest last, so its presence in S3 means the answers are all there. */
const ANSWER_FILES = [ON_DEMAND_OUTPUT_FILE, MANIFEST_FILE_NAME] as const;

function answersKey(place: HeldRecordsPlace, runId: string, file: string): string {
  return `${runLayout(place.bucket, place.prefix, runId).runKey}on-demand/${file}`;
}

/** Uploads the on-demand answers of run `runId` from `outputDir` (as `runOnDemand` left them). */
export async function keepHeldAnswers(place: HeldRecordsPlace, runId: string, outputDir: string): Promise<void> {
  for (const file of ANSWER_FILES) {
    await place.s3.send(new PutObjectCommand({ Bucket: place.bucket, Key: answersKey(place, runId, file), Body: await readFile(join(outputDir, file)) }));
  }
}

/** Downloads the kept answers of run `runId` into `outputDir`; false when none were kept (or not all of them). */
export async function fetchHeldAnswers(place: HeldRecordsPlace, runId: string, outputDir: string): Promise<boolean> {
  const bodies: string[] = [];
  // Manifest first: without it, an upload that died halfway is not trusted.
  for (const file of [...ANSWER_FILES].reverse()) {
    try {
      const answer = await place.s3.send(new GetObjectCommand({ Bucket: place.bucket, Key: answersKey(place, runId, file) }));
      bodies.push((await answer.Body?.transformToString()) ?? "");
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof Error && error.name === "NoSuchKey")) return false;
      throw error;
    }
  }
  await mkdir(outputDir, { recursive: true });
  for (const [index, file] of [...ANSWER_FILES].reverse().entries()) await writeFile(join(outputDir, file), bodies[index] ?? "");
  return true;
}

/** The held records of these contributions, in order. */
export async function* streamHeldRecords(place: HeldRecordsPlace, contributions: readonly Pick<PoolContribution, "runId">[]): AsyncGenerator<BatchRecord> {
  for (const contribution of contributions) yield* await readHeldRecords(place, contribution.runId);
}

/** One `batch` plan of every contribution's held records, in pool order (the order `layoutPooledJob` assumes). */
export async function pooledPlan(place: HeldRecordsPlace, contributions: readonly PoolContribution[], model: BatchPlan["model"], invocationType: BatchPlan["invocationType"]): Promise<BatchPlan> {
  const records: BatchRecord[] = [];
  for (const contribution of contributions) records.push(...(await readHeldRecords(place, contribution.runId)));
  const capability = batchCapability(model);
  const chunks = chunkBatchRecords(
    records.map((record) => Buffer.byteLength(formatRecordLine(record))),
    { ...DEFAULT_CHUNK_LIMITS, minRecordsPerJob: capability.minRecords, maxRecordsPerJob: capability.maxRecords, maxRecordsPerFile: capability.maxRecords },
  );
  const decision = decideRunAction({ records: records.length, minRecords: capability.minRecords, modelName: model.name, policy: "wait", chunks });
  if (!chunks.ok || decision.action !== "batch") throw new Error(`the pooled records do not make a batch job: ${decision.reason}`);
  return {
    model,
    invocationType,
    minRecords: capability.minRecords,
    maxRecords: capability.maxRecords,
    counts: { inputs: records.length, records: records.length, skipped: 0 },
    provenance: records.map((record) => ({ recordId: record.recordId, provenance: record.provenance })),
    skipped: [],
    jobs: chunks.jobs.map((chunk, jobIndex) => ({
      index: jobIndex + 1,
      start: chunk.start,
      end: chunk.end,
      bytes: chunk.bytes,
      files: chunk.files.map((file, fileIndex) => ({ index: fileIndex + 1, start: file.start, end: file.end, bytes: file.bytes })),
    })),
    decision,
    estimate: estimateRunCost({ records: records.length, inputTokens: records.reduce((sum, record) => sum + record.estimatedInputTokens, 0), maxTokens: model.max_tokens, model, action: "batch" }),
    // Read from S3 again, like `planBatchRun` streams its inputs twice rather than holding them.
    replay: () => streamHeldRecords(place, contributions),
  };
}
