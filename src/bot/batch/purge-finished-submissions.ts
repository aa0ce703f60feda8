/**
 * `[batch] keep_finished_days`: finished submissions (told, cancelled, expired, refused, undeliverable) stay readable
 * by `/batch list` and `/batch results` that long after they ended; then the submission and its notice records are
 * deleted, and — when the run was its own — the run's job rows, its run row, and any job inputs the retention has
 * not deleted yet. Read through the archive's index by end time, a bounded batch per cycle, so it never scans the
 * store.
 *
 * A contributor to a pooled run (`runId` another id than its own) shares that run's job rows and run row with every
 * other contributor, whose notices and `/batch results` still read them: they are left where they are (their inputs
 * are deleted by the retention, `input-retention.ts`), even once every contributor is gone.
 */
import { deleteJobInputs } from "../../bedrock/batch/jobs/cleanup-job-inputs.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import type { BatchRuntime, BatchWatcherDeps } from "./batch-runtime-types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeFinishedDeps extends Pick<BatchWatcherDeps, "config" | "logger"> {
  runtime: Pick<BatchRuntime, "store" | "s3" | "notices" | "submissions" | "now">;
}

/** Returns how many submissions were deleted. */
export async function purgeFinishedSubmissions(deps: PurgeFinishedDeps): Promise<number> {
  const { runtime } = deps;
  const before = new Date(runtime.now().getTime() - deps.config.data.batch.keep_finished_days * DAY_MS);
  let purged = 0;
  for (const submission of await runtime.submissions.archivedBefore(before)) {
    try {
      if (ownsItsRun(submission)) await deleteOwnRun(submission, runtime);
      for (const noticeId of Object.keys(submission.notices ?? {})) await runtime.notices.delete(noticeId);
      await runtime.submissions.forget(submission.id);
      purged++;
    } catch (error) {
      deps.logger.error({ err: error, submission: submission.id }, "could not delete a finished batch submission; retrying on the next poll");
    }
  }
  return purged;
}

/** Its run is its own (not a pooled run shared with other contributors). */
function ownsItsRun(submission: Submission): boolean {
  return submission.runId === submission.id;
}

async function deleteOwnRun(submission: Submission, runtime: PurgeFinishedDeps["runtime"]): Promise<void> {
  for (const jobName of submission.jobNames ?? []) {
    const row = await runtime.store.jobs.get(jobName);
    if (row !== undefined && row.inputsDeletedAt === undefined) await deleteJobInputs(runtime.s3(row.provider), row);
    await runtime.store.jobs.delete(jobName);
  }
  await runtime.store.runs.delete(submission.id);
}
