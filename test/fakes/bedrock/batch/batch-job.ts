/**
 * A batch job as the fake holds it, and the two ways it is shown: the wire JSON of Get/List (timestamps as ISO 8601
 * strings, the `date-time` format of the Bedrock API model) and the snapshot tests read (Dates).
 */
import type { ActiveStatus, BatchJobSnapshot, JobStatus } from "./batch-types.ts";
import type { BatchModel } from "./batch-models.ts";
import type { BatchInput } from "./read-batch-input.ts";
import type { CreateJobRequest } from "./validate-create-request.ts";
import { jobOutputPrefix } from "./write-batch-output.ts";
import type { RecordResult } from "./write-batch-output.ts";

export interface BatchJob {
  /** Creation order, for stable sorting of jobs submitted in the same millisecond. */
  readonly seq: number;
  readonly jobId: string;
  readonly jobArn: string;
  readonly request: CreateJobRequest;
  /** The request without its token, canonical: equal fingerprints make a retry idempotent. */
  readonly fingerprint: string;
  readonly model: BatchModel;
  readonly timeoutDurationInHours: number;
  readonly submitTime: number;
  readonly jobExpirationTime: number;
  status: JobStatus;
  message?: string;
  lastModifiedTime: number;
  endTime?: number;
  /** When the job takes its next step by itself; Infinity once terminal. */
  nextStepAt: number;
  /** Set when validation passed. */
  input?: BatchInput;
  /** Processed records, in processing order. */
  results: RecordResult[];
  counts: { total: number; processed: number; success: number; error: number; inputTokens: number; outputTokens: number };
}

const ACTIVE: ReadonlySet<JobStatus> = new Set<ActiveStatus>(["Submitted", "Validating", "Scheduled", "InProgress", "Stopping"]);

export function isActive(status: JobStatus): status is ActiveStatus {
  return ACTIVE.has(status);
}

/** The next moment something happens to the job by itself: its next step, or its expiry. */
export function dueAt(job: BatchJob): number {
  return isActive(job.status) ? Math.min(job.nextStepAt, job.jobExpirationTime) : Number.POSITIVE_INFINITY;
}

/** The Get response body (List summaries carry the same fields). */
export function jobToWire(job: BatchJob): Record<string, unknown> {
  const { request } = job;
  return {
    jobArn: job.jobArn,
    jobName: request.jobName,
    modelId: request.modelId,
    ...(request.clientRequestToken === undefined ? {} : { clientRequestToken: request.clientRequestToken }),
    roleArn: request.roleArn,
    status: job.status,
    ...(job.message === undefined ? {} : { message: job.message }),
    submitTime: iso(job.submitTime),
    lastModifiedTime: iso(job.lastModifiedTime),
    ...(job.endTime === undefined ? {} : { endTime: iso(job.endTime) }),
    inputDataConfig: request.inputDataConfig,
    outputDataConfig: request.outputDataConfig,
    ...(request.vpcConfig === undefined ? {} : { vpcConfig: request.vpcConfig }),
    timeoutDurationInHours: job.timeoutDurationInHours,
    jobExpirationTime: iso(job.jobExpirationTime),
    modelInvocationType: request.modelInvocationType,
    totalRecordCount: job.counts.total,
    processedRecordCount: job.counts.processed,
    successRecordCount: job.counts.success,
    errorRecordCount: job.counts.error,
  };
}

export function snapshotJob(job: BatchJob): BatchJobSnapshot {
  const { request } = job;
  const outputS3Uri = request.outputDataConfig.s3OutputDataConfig.s3Uri;
  return {
    jobId: job.jobId,
    jobArn: job.jobArn,
    jobName: request.jobName,
    modelId: request.modelId,
    roleArn: request.roleArn,
    ...(request.clientRequestToken === undefined ? {} : { clientRequestToken: request.clientRequestToken }),
    status: job.status,
    ...(job.message === undefined ? {} : { message: job.message }),
    submitTime: new Date(job.submitTime),
    lastModifiedTime: new Date(job.lastModifiedTime),
    ...(job.endTime === undefined ? {} : { endTime: new Date(job.endTime) }),
    jobExpirationTime: new Date(job.jobExpirationTime),
    timeoutDurationInHours: job.timeoutDurationInHours,
    modelInvocationType: request.modelInvocationType,
    inputS3Uri: request.inputDataConfig.s3InputDataConfig.s3Uri,
    outputS3Uri,
    outputPrefix: jobOutputPrefix(outputS3Uri, job.jobId),
    tags: request.tags.map((tag) => ({ ...tag })),
    totalRecordCount: job.counts.total,
    processedRecordCount: job.counts.processed,
    successRecordCount: job.counts.success,
    errorRecordCount: job.counts.error,
    inputTokenCount: job.counts.inputTokens,
    outputTokenCount: job.counts.outputTokens,
  };
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
