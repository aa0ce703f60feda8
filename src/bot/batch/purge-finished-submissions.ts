/**
 * `[batch] keep_finished_days`: finished submissions (told, cancelled, expired, refused, undeliverable) stay readable
 * by `/batch list` and `/batch results` that long after they ended; then the submission, its job rows, its run row
 * and its notice records are deleted, and any job inputs the retention has not deleted yet. Read through the
 * archive's index by end time, a bounded batch per cycle, so it never scans the store.
 */
import { deleteJobInputs } from "../../bedrock/batch/jobs/cleanup-job-inputs.ts";
import type { BatchWatcherDeps } from "./batch-runtime-types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns how many submissions were deleted. */
export async function purgeFinishedSubmissions(deps: Pick<BatchWatcherDeps, "runtime" | "config" | "logger">): Promise<number> {
  const { runtime } = deps;
  const before = new Date(runtime.now().getTime() - deps.config.data.batch.keep_finished_days * DAY_MS);
  let purged = 0;
  for (const submission of await runtime.submissions.archivedBefore(before)) {
    try {
      for (const jobName of submission.jobNames ?? []) {
        const row = await runtime.store.jobs.get(jobName);
        if (row !== undefined && row.inputsDeletedAt === undefined) await deleteJobInputs(runtime.s3(row.provider), row);
        await runtime.store.jobs.delete(jobName);
      }
      for (const noticeId of Object.keys(submission.notices ?? {})) await runtime.notices.delete(noticeId);
      if (submission.runId === submission.id) await runtime.store.runs.delete(submission.id);
      await runtime.submissions.forget(submission.id);
      purged++;
    } catch (error) {
      deps.logger.error({ err: error, submission: submission.id }, "could not delete a finished batch submission; retrying on the next poll");
    }
  }
  return purged;
}
