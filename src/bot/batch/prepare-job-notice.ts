/**
 * A finished job -> everything its completion notice shows: the results collected from S3 into a local folder
 * (`collectRunResults`, only for states that have outputs), the result files attached, split to fit the upload limit,
 * or uploaded next to the run and linked with a presigned URL (`planResultAttachments`). No discord.js here: the
 * watcher renders and posts what this returns.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { splitS3Uri } from "../../bedrock/batch/jobs/batch-layout.ts";
import { MAX_PRESIGN_SECONDS, presignResultUrl } from "../../bedrock/batch/results/presign-result-url.ts";
import { collectRunResults, type CollectedRun } from "../../bedrock/batch/run/collect-run-results.ts";
import type { LoadedConfig } from "../../config/index.ts";
import { openVectorSink } from "../../bedrock/sinks/open-vector-sink.ts";
import type { VectorSink } from "../../bedrock/sinks/vector-sink.ts";
import { describeSinkWrite } from "../../bedrock/sinks/write-embeddings-to-sink.ts";
import { findModel } from "../../config/index.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import type { NoticeTarget } from "./discord-notice-effects.ts";
import { channelUploadLimit, groupAttachments, planResultAttachments, type ResultFile } from "./plan-result-attachments.ts";
import type { JobNoticeInput, NoticeResults, ResultLink } from "./render-job-notice.ts";
import { splitResultFile } from "./split-result-file.ts";

type NoticeTargetKind = NoticeTarget["kind"];

/** States whose job wrote outputs worth collecting. */
function hasResults(row: Pick<BatchJobRow, "state">): boolean {
  return row.state === "Completed" || row.state === "PartiallyCompleted" || row.state === "Stopped";
}

/** One contributor's share of a pooled job: their records, `[start, end)` of the run, and where to tell them. */
export interface NoticeShare {
  contributionId: string;
  owner: JobOwner;
  start: number;
  end: number;
}

/**
 * `deliverTo`: where the notice goes, for its upload limit: the submission's channel allows what the owner's
 * interaction said (a boosted guild's), the owner's DMs only the default (a guild's boost does not follow them there).
 */
export async function prepareJobNotice(row: BatchJobRow, runtime: BatchRuntime, config: LoadedConfig, share?: NoticeShare, deliverTo: NoticeTargetKind = "channel"): Promise<JobNoticeInput> {
  const owner = share?.owner ?? row.owner;
  if (owner === undefined) throw new Error(`job ${row.jobName} has no owner to notify`);
  const base: JobNoticeInput = {
    noticeId: noticeIdOf(row.jobName, share?.contributionId),
    model: row.model,
    state: row.state,
    ...(row.message === undefined ? {} : { message: row.message }),
    ownerId: owner.userId,
    ...(owner.messageId === undefined ? {} : { replyTo: owner.messageId }),
    records: share === undefined ? row.records : share.end - share.start,
    createdAt: row.submittedAt ?? row.createdAt,
    ...(row.endedAt === undefined ? {} : { endedAt: row.endedAt }),
    timeoutHours: config.data.batch.timeout_hours,
  };
  if (!hasResults(row)) return base;

  const model = findModel(config, row.model);
  const outDir = share === undefined ? join(runtime.workDir, "bdb-results", row.jobName) : join(runtime.workDir, "bdb-results", row.jobName, share.contributionId);
  const s3 = runtime.s3(row.provider);
  const sinkTarget = owner.sink === undefined ? undefined : await openOwnerSink(config, owner.sink);
  const collected = await collectRunResults({
    runId: row.runId,
    ...(sinkTarget === undefined ? {} : { sink: { sink: sinkTarget, reportRefusal: true } }),
    jobNames: [row.jobName],
    store: runtime.store,
    s3,
    outDir,
    ...(model === undefined ? {} : { prices: model }),
    retentionDays: config.data.batch.retention_days,
    now: runtime.now,
    ...(share === undefined ? {} : { recordRange: { start: share.start, end: share.end } }),
  }).finally(() => sinkTarget?.close());
  const limit = deliverTo === "dm" ? runtime.uploadLimitBytes : channelUploadLimit(owner.uploadLimitBytes, runtime.uploadLimitBytes);
  const { attached, links } = await placeFiles(await resultFiles(collected), row, runtime, limit);
  return { ...base, results: noticeResults(collected, owner.sink), attachments: groupAttachments(attached), links };
}

/** The owner's sink, or undefined when the config no longer has it (the notice then says so in its Vectors line). */
async function openOwnerSink(config: LoadedConfig, name: string): Promise<VectorSink | undefined> {
  const sink = config.data.sinks.find((candidate) => candidate.name === name);
  return sink === undefined ? undefined : openVectorSink(config, sink);
}

function vectorsLine(collected: CollectedRun, asked: string | undefined): string | undefined {
  if (asked === undefined) return undefined;
  if (collected.sink !== undefined) return describeSinkWrite(collected.sink);
  return `not loaded into "${asked}": ${collected.sinkRefusal ?? "the config has no such sink any more"}`;
}

function noticeResults(collected: CollectedRun, asked?: string): NoticeResults {
  const { results } = collected;
  const failed = results.entries.flatMap((entry) => (entry.status === "failed" ? [{ provenance: entry.provenance, error: entry.error }] : []));
  return {
    counts: results.counts,
    tokens: { inputTokens: results.tokens.inputTokens, outputTokens: results.tokens.outputTokens },
    ...(collected.cost === undefined ? {} : { cost: collected.cost }),
    failed,
    warnings: results.warnings,
    ...(vectorsLine(collected, asked) === undefined ? {} : { vectors: vectorsLine(collected, asked) }),
  };
}

async function resultFiles(collected: CollectedRun): Promise<ResultFile[]> {
  const paths = Object.values(collected.files).filter((path): path is string => path !== undefined);
  return Promise.all(paths.map(async (path) => ({ name: basename(path), path, size: (await stat(path)).size })));
}

/** Attach what fits `limit` (bytes per file where the notice goes), split what can be split, upload and link the rest. */
async function placeFiles(files: readonly ResultFile[], row: BatchJobRow, runtime: BatchRuntime, limit: number): Promise<{ attached: ResultFile[]; links: ResultLink[] }> {
  const attached: ResultFile[] = [];
  const toLink: ResultFile[] = [];
  for (const decision of planResultAttachments(files, { uploadLimitBytes: limit })) {
    switch (decision.action) {
      case "attach":
        attached.push(decision.file);
        break;
      case "split": {
        const split = await splitResultFile(decision.file.path, limit, { maxParts: decision.maxParts });
        if (split.split) attached.push(...split.parts);
        else toLink.push(decision.file);
        break;
      }
      case "link":
        toLink.push(decision.file);
        break;
      default: {
        const unexpected: never = decision;
        throw new Error(`unknown attachment decision ${JSON.stringify(unexpected)}`);
      }
    }
  }
  const links = await Promise.all(toLink.map((file) => uploadAndLink(file, row, runtime)));
  return { attached, links };
}

/** Next to the job's outputs: `<output folder>results/<file>`, linked for the longest SigV4 allows. */
async function uploadAndLink(file: ResultFile, row: BatchJobRow, runtime: BatchRuntime): Promise<ResultLink> {
  const { bucket, key: outputKey } = splitS3Uri(row.outputUri);
  const key = `${outputKey}results/${file.name}`;
  const s3 = runtime.s3(row.provider);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file.path), ContentLength: file.size }));
  const url = await presignResultUrl(s3, { bucket, key, downloadName: file.name });
  const expiresAt = new Date(runtime.now().getTime() + MAX_PRESIGN_SECONDS * 1000).toISOString();
  return { name: file.name, url, size: file.size, expiresAt };
}
