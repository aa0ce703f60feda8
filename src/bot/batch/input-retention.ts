/**
 * `[batch] retention_days` for jobs whose submission is finished: the watcher polls only open submissions, so a
 * finished one's job inputs are found through an index of job names by the time their deletion falls due
 * (`batch-inputs-due`), filled when the submission is finished, read up to a batch per cycle. Jobs still open are
 * cleaned by the poll itself (`pollBatchJobs`).
 */
import { deleteJobInputs, inputDeletionDue } from "../../bedrock/batch/jobs/cleanup-job-inputs.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";

const DUE_BATCH = 100;

type RetentionRuntime = Pick<BatchRuntime, "store" | "inputsDue" | "s3" | "now">;

/** Enters the jobs of a finished submission whose inputs are still to delete. */
export async function scheduleFinishedInputs(submission: Submission, runtime: RetentionRuntime): Promise<void> {
  for (const jobName of submission.jobNames ?? []) {
    const row = await runtime.store.jobs.get(jobName);
    if (row?.deleteInputsAfter === undefined || row.inputsDeletedAt !== undefined) continue;
    await runtime.inputsDue.add(jobName, Date.parse(row.deleteInputsAfter));
  }
}

/** Deletes the inputs that fell due; returns how many jobs' inputs went. */
export async function deleteDueInputs(runtime: RetentionRuntime): Promise<number> {
  const now = runtime.now();
  let deleted = 0;
  for (const jobName of await runtime.inputsDue.below(now.getTime() + 1, DUE_BATCH)) {
    const row = await runtime.store.jobs.get(jobName);
    if (row !== undefined && inputDeletionDue(row, now)) {
      await deleteJobInputs(runtime.s3(row.provider), row);
      await runtime.store.jobs.put(jobName, { ...row, inputsDeletedAt: now.toISOString(), updatedAt: now.toISOString() });
      deleted++;
    }
    await runtime.inputsDue.remove(jobName);
  }
  return deleted;
}
