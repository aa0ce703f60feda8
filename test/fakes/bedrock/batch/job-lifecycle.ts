/**
 * One step of a job's life, at a given fake time:
 *
 *   Submitted -> Validating -> Scheduled -> InProgress (a share of the records per step) -> Completed | PartiallyCompleted
 *   Validating -> Failed (input problems, scripted failure);  Scheduled -> Expired (scripted)
 *   Stopping -> Stopped (outputs of the records processed so far)
 *   at jobExpirationTime: not yet started -> Expired; InProgress -> PartiallyCompleted with what was processed
 *
 * PartiallyCompleted vs Completed: AWS's status text says PartiallyCompleted means "not all of your records could be
 * processed in time"; it says nothing of record errors. The fake also ends a job whose records include errors as
 * PartiallyCompleted (so code under test must read outputs of PartiallyCompleted jobs, the case that matters);
 * `scriptOutcome(name, "Completed")` gives the other reading, Completed with errorRecordCount > 0.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { ScriptedReply } from "../scripted-reply.ts";
import { isActive } from "./batch-job.ts";
import type { BatchJob } from "./batch-job.ts";
import type { BatchRecordRef, BatchSettings, JobStatus, RecordError, ScriptedOutcome } from "./batch-types.ts";
import { readBatchInput } from "./read-batch-input.ts";
import { runBatchRecord } from "./run-batch-record.ts";
import { writeBatchOutput } from "./write-batch-output.ts";

export interface LifecycleContext {
  s3: S3Client | undefined;
  settings: BatchSettings;
  startsPaused: boolean;
  /** The scripted end for a job name, if a test set one. */
  outcomeFor(jobName: string): { outcome: ScriptedOutcome; message?: string } | undefined;
  /** What a test scripted for a record: an error line, or a reply instead of the echo. */
  recordScript(record: BatchRecordRef): { error: RecordError } | { reply: ScriptedReply } | undefined;
}

const DEFAULT_FAILURE = "An internal error occurred while processing the batch inference job. Try again later.";

export async function stepJob(job: BatchJob, at: number, ctx: LifecycleContext): Promise<void> {
  const status = job.status;
  switch (status) {
    case "Submitted":
      return transition(job, "Validating", at, ctx);
    case "Validating":
      return validate(job, at, ctx);
    case "Scheduled": {
      const scripted = ctx.outcomeFor(job.request.jobName);
      if (scripted?.outcome === "Expired") return transition(job, "Expired", at, ctx, scripted.message ?? expiredMessage(job));
      if (ctx.startsPaused) return transition(job, "Scheduled", at, ctx);
      return transition(job, "InProgress", at, ctx);
    }
    case "InProgress":
      processRecords(job, Math.max(1, Math.ceil(job.counts.total * ctx.settings.progressPerStep)), ctx);
      return job.counts.processed < job.counts.total ? transition(job, "InProgress", at, ctx) : finish(job, at, ctx, undefined);
    case "Stopping":
      return finish(job, at, ctx, "Stopped");
    case "Completed":
    case "PartiallyCompleted":
    case "Failed":
    case "Stopped":
    case "Expired":
      return;
    default: {
      const unknown: never = status;
      throw new Error(`unknown job status ${String(unknown)}`);
    }
  }
}

/** The job reached its jobExpirationTime while still active. */
export async function expireJob(job: BatchJob, at: number, ctx: LifecycleContext): Promise<void> {
  if (job.status === "Stopping") return finish(job, at, ctx, "Stopped");
  if (job.status === "InProgress" && job.counts.processed > 0) {
    return finish(job, at, ctx, "PartiallyCompleted", `The job timed out after ${job.timeoutDurationInHours} hours before all records were processed.`);
  }
  return transition(job, "Expired", at, ctx, expiredMessage(job));
}

/** Stop: active jobs go to Stopping now and to Stopped on their next step. */
export function stopJob(job: BatchJob, at: number, ctx: LifecycleContext): void {
  transition(job, "Stopping", at, ctx);
}

async function validate(job: BatchJob, at: number, ctx: LifecycleContext): Promise<void> {
  const scripted = ctx.outcomeFor(job.request.jobName);
  if (scripted?.outcome === "Failed") return transition(job, "Failed", at, ctx, scripted.message ?? DEFAULT_FAILURE);
  const { settings } = ctx;
  const read = await readBatchInput(
    ctx.s3,
    { jobId: job.jobId, inputS3Uri: job.request.inputDataConfig.s3InputDataConfig.s3Uri, outputS3Uri: job.request.outputDataConfig.s3OutputDataConfig.s3Uri },
    {
      minRecords: settings.minRecordsPerJob ?? job.model.minRecords,
      maxRecordsPerFile: settings.maxRecordsPerFile,
      maxRecordsPerJob: settings.maxRecordsPerJob,
      maxInputFileBytes: settings.maxInputFileBytes,
      maxJobBytes: settings.maxJobBytes ?? job.model.maxJobBytes,
    },
  );
  // Stopped while the input was being read: the stop wins.
  if (job.status !== "Validating") return;
  if ("failure" in read) return transition(job, "Failed", at, ctx, read.failure);
  job.input = read.input;
  job.counts.total = read.input.records.length;
  return transition(job, "Scheduled", at, ctx);
}

function processRecords(job: BatchJob, count: number, ctx: LifecycleContext): void {
  const input = job.input;
  if (input === undefined) return;
  const records = input.records.slice(job.counts.processed, job.counts.processed + count);
  for (const record of records) {
    const ref: BatchRecordRef = { jobName: job.request.jobName, recordId: record.recordId, file: record.file, line: record.line, modelInput: record.modelInput };
    const script = ctx.recordScript(ref);
    const outcome =
      script !== undefined && "error" in script
        ? { kind: "error" as const, error: script.error }
        : runBatchRecord({
            modelId: job.request.modelId,
            model: job.model,
            invocationType: job.request.modelInvocationType,
            modelInput: record.modelInput,
            media: record.media,
            mediaExists: (uri) => input.objectUris.has(uri),
            ...(script === undefined ? {} : { scripted: script.reply }),
          });
    const base = { file: record.file, recordId: record.recordId, modelInput: record.modelInput };
    job.counts.processed += 1;
    if (outcome.kind === "error") {
      job.counts.error += 1;
      job.results.push({ ...base, error: outcome.error });
    } else {
      job.counts.success += 1;
      job.counts.inputTokens += outcome.inputTokens;
      job.counts.outputTokens += outcome.outputTokens;
      job.results.push({ ...base, modelOutput: outcome.modelOutput });
    }
  }
}

/** Ends the job, writing outputs when any record was processed; an unwritable output fails it instead. */
async function finish(job: BatchJob, at: number, ctx: LifecycleContext, status: JobStatus | undefined, message?: string): Promise<void> {
  const scripted = ctx.outcomeFor(job.request.jobName)?.outcome;
  const forced = scripted === "Completed" || scripted === "PartiallyCompleted" ? scripted : undefined;
  const end = status ?? forced ?? (job.counts.error > 0 ? "PartiallyCompleted" : "Completed");
  if (job.counts.processed > 0 && job.input !== undefined && ctx.s3 !== undefined) {
    try {
      await writeBatchOutput(ctx.s3, {
        jobId: job.jobId,
        outputS3Uri: job.request.outputDataConfig.s3OutputDataConfig.s3Uri,
        files: job.input.files,
        results: job.results,
        manifest: {
          totalRecordCount: job.counts.total,
          processedRecordCount: job.counts.processed,
          successRecordCount: job.counts.success,
          errorRecordCount: job.counts.error,
          inputTokenCount: job.counts.inputTokens,
          outputTokenCount: job.counts.outputTokens,
        },
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const uri = job.request.outputDataConfig.s3OutputDataConfig.s3Uri;
      return transition(job, "Failed", at, ctx, `Amazon Bedrock could not write the output to ${uri} (S3 said ${name}).`);
    }
  }
  return transition(job, end, at, ctx, message);
}

function transition(job: BatchJob, status: JobStatus, at: number, ctx: LifecycleContext, message?: string): void {
  job.status = status;
  job.lastModifiedTime = at;
  if (message !== undefined) job.message = message;
  if (isActive(status)) {
    job.nextStepAt = at + ctx.settings.stepMs[status];
  } else {
    job.nextStepAt = Number.POSITIVE_INFINITY;
    job.endTime = at;
  }
}

function expiredMessage(job: BatchJob): string {
  return `The job expired: it did not start within its timeout of ${job.timeoutDurationInHours} hours. Submit a new job.`;
}
