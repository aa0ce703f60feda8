/**
 * A planned job -> its store row and the exact CreateModelInvocationJob request (pure): name, deterministic token,
 * tags, timeout, invocation type, the input FOLDER (media must live under it) and the output folder.
 */
import type { BatchJobRow, JobRowState, StoredCreateRequest } from "./batch-job-row.ts";
import type { JobOwner } from "../../../store/job-owner.ts";
import { jobInputKey, jobOutputKey, s3Uri, type RunLayout } from "./batch-layout.ts";
import { batchClientRequestToken, batchJobName } from "./job-names.ts";

/** The `tool` tag value on every job: who created it, for people looking at the console. */
const TOOL_TAG_VALUE = "bedrock-discord-bot";
const RUN_TAG_KEY = "bedrock-bot:run";
const TOOL_TAG_KEY = "bedrock-bot:tool";

export interface JobRowInput {
  runId: string;
  /** 1-based. */
  index: number;
  layout: RunLayout;
  provider: string;
  model: { name: string; model_identifier: string };
  invocationType: "Converse" | "InvokeModel";
  roleArn: string;
  timeoutHours: number;
  recordRange: { start: number; end: number };
  state: Extract<JobRowState, "queued" | "submitting">;
  now: Date;
  owner?: JobOwner;
  message?: string;
}

export function buildJobRow(input: JobRowInput): BatchJobRow {
  const { runId, index, layout } = input;
  const inputUri = s3Uri(layout.bucket, jobInputKey(layout, index));
  const outputUri = s3Uri(layout.bucket, jobOutputKey(layout, index));
  const jobName = batchJobName(runId, index);
  const clientRequestToken = batchClientRequestToken(runId, index, inputUri);
  const request: StoredCreateRequest = {
    jobName,
    clientRequestToken,
    roleArn: input.roleArn,
    modelId: input.model.model_identifier,
    modelInvocationType: input.invocationType,
    inputDataConfig: { s3InputDataConfig: { s3Uri: inputUri, s3InputFormat: "JSONL" } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: outputUri } },
    timeoutDurationInHours: input.timeoutHours,
    tags: [
      { key: RUN_TAG_KEY, value: runId },
      { key: TOOL_TAG_KEY, value: TOOL_TAG_VALUE },
    ],
  };
  const now = input.now.toISOString();
  return {
    runId,
    index,
    jobName,
    clientRequestToken,
    provider: input.provider,
    model: input.model.name,
    modelId: input.model.model_identifier,
    inputUri,
    outputUri,
    request,
    records: input.recordRange.end - input.recordRange.start,
    recordRange: input.recordRange,
    ...(input.owner === undefined ? {} : { owner: input.owner }),
    state: input.state,
    ...(input.message === undefined ? {} : { message: input.message }),
    createdAt: now,
    updatedAt: now,
  };
}

/** `[models.batch] max_concurrent_jobs`, else `[batch] max_concurrent_jobs`. */
export function maxConcurrentJobsOf(model: { batch?: { max_concurrent_jobs?: number } | undefined }, batch: { max_concurrent_jobs: number }): number {
  return model.batch?.max_concurrent_jobs ?? batch.max_concurrent_jobs;
}
