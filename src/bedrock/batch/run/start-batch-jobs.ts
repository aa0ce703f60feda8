/**
 * A `batch` plan -> jobs at Bedrock: the run's provenance and every job's input files (and media) uploaded in one
 * streamed pass, then per job a store row (BEFORE the Create call) and CreateModelInvocationJob — or a `queued` row
 * when the model already has its cap of running jobs (the poller submits it when a slot frees).
 *
 * Running it again with the same run id (after a crash) uploads the same files and re-sends the same requests with
 * the same tokens: Bedrock answers with the jobs it already has.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { BatchConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { BatchJobRow, BatchRunRow } from "../jobs/batch-job-row.ts";
import type { JobOwner } from "../../../store/job-owner.ts";
import type { BatchControl } from "../jobs/batch-control-client.ts";
import { runLayout, runUri } from "../jobs/batch-layout.ts";
import type { BatchStore } from "../jobs/batch-store.ts";
import { buildJobRow, maxConcurrentJobsOf } from "../jobs/build-job-row.ts";
import { jobStateTraits } from "../jobs/job-state.ts";
import { submitJobRow } from "../jobs/submit-job-row.ts";
import { uploadRunProvenance } from "../jobs/upload-job-inputs.ts";
import type { BatchPlan } from "./plan-batch-run.ts";
import { s3RecordFileTargets, writeRecordFiles } from "./write-record-files.ts";

export type BatchJobsConfig = Pick<BatchConfig, "bucket" | "prefix" | "role_arn" | "timeout_hours" | "max_concurrent_jobs">;

export interface StartBatchJobsInput {
  plan: BatchPlan;
  runId: string;
  provider: string;
  batch: BatchJobsConfig;
  control: BatchControl;
  s3: S3Client;
  store: BatchStore;
  now: () => Date;
  owner?: JobOwner;
  /** Records uploaded so far, of `total`. */
  onUpload?: (done: number, total: number) => void;
}

export async function startBatchJobs(input: StartBatchJobsInput): Promise<{ run: BatchRunRow; jobs: BatchJobRow[] }> {
  const { plan, runId, batch, store, now } = input;
  const { bucket, role_arn: roleArn } = batch;
  if (bucket === undefined || roleArn === undefined) {
    throw new UserFacingError("Batch jobs need [batch] bucket and [batch] role_arn in the config (the S3 bucket and the service role Bedrock uses).");
  }
  const layout = runLayout(bucket, batch.prefix, runId);
  const run: BatchRunRow = {
    runId,
    createdAt: now().toISOString(),
    provider: input.provider,
    model: plan.model.name,
    modelId: plan.model.model_identifier,
    action: "batch",
    counts: plan.counts,
    runUri: runUri(layout),
    jobs: plan.jobs.length,
    state: "uploading",
    ...(input.owner === undefined ? {} : { owner: input.owner }),
    ...(plan.outputSchema === undefined ? {} : { outputSchema: plan.outputSchema }),
  };
  await store.runs.put(runId, (await store.runs.get(runId)) ?? run);

  await uploadRunProvenance(input.s3, layout, plan.provenance, plan.skipped);
  const total = plan.counts.records;
  await writeRecordFiles(plan.replay(), plan.jobs, s3RecordFileTargets(input.s3, layout), (done) => input.onUpload?.(done, total));

  const cap = maxConcurrentJobsOf(plan.model, batch);
  const all = await store.jobs.all();
  const earlier = new Map(all.filter((row) => row.runId === runId).map((row) => [row.jobName, row]));
  // Slots held by other jobs of the model; this run's own `submitting` rows are counted again as they are re-sent.
  let busy = all.filter((row) => row.model === plan.model.name && jobStateTraits(row.state).holdsSlot && !earlier.has(row.jobName)).length;
  const rows: BatchJobRow[] = [];
  for (const job of plan.jobs) {
    const fresh = buildJobRow({
      runId,
      index: job.index,
      layout,
      provider: input.provider,
      model: plan.model,
      invocationType: plan.invocationType,
      roleArn,
      timeoutHours: batch.timeout_hours,
      recordRange: { start: job.start, end: job.end },
      state: "submitting",
      now: now(),
      ...(input.owner === undefined ? {} : { owner: input.owner }),
    });
    const existing = earlier.get(fresh.jobName);
    if (existing !== undefined && existing.state !== "submitting" && existing.state !== "queued") {
      if (jobStateTraits(existing.state).holdsSlot) busy++;
      rows.push(existing);
      continue;
    }
    const row = existing ?? fresh;
    if (busy >= cap) {
      const message = `${plan.model.name} already has ${busy} running batch jobs (the cap is ${cap}); this one waits for a free slot.`;
      const queued: BatchJobRow = { ...row, state: "queued", message, updatedAt: now().toISOString() };
      await store.jobs.put(queued.jobName, queued);
      rows.push(queued);
      continue;
    }
    const sent = await submitJobRow({ control: input.control, store, now }, row);
    if (jobStateTraits(sent.state).holdsSlot) busy++;
    rows.push(sent);
  }
  const submitted: BatchRunRow = { ...((await store.runs.get(runId)) ?? run), state: "submitted" };
  await store.runs.put(runId, submitted);
  return { run: submitted, jobs: rows };
}
