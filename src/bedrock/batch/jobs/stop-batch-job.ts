/**
 * Stopping a job (`batch cancel`, the bot's Cancel button): StopModelInvocationJob for a job Bedrock knows; a queued
 * row never sent is simply marked Stopped. Only the tokens processed before the stop are billed.
 */
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { applyJobSummary } from "./apply-job-summary.ts";
import type { BatchJobRow } from "./batch-job-row.ts";
import { jobStateTraits } from "./job-state.ts";
import { submitJobRow, type JobSubmitDeps } from "./submit-job-row.ts";

export async function stopBatchJob(deps: JobSubmitDeps, row: BatchJobRow): Promise<BatchJobRow> {
  const traits = jobStateTraits(row.state);
  if (traits.terminal) throw new UserFacingError(`${row.jobName} is already ${traits.label}; there is nothing to stop.`);
  const now = deps.now().toISOString();
  if (row.state === "queued") {
    const stopped: BatchJobRow = { ...row, state: "Stopped", message: "Cancelled before it was submitted.", endedAt: now, updatedAt: now };
    await deps.store.jobs.put(row.jobName, stopped);
    return stopped;
  }
  // A `submitting` row may already be a job at AWS: the same Create answers with its ARN.
  const known = row.jobArn === undefined ? await submitJobRow(deps, row) : row;
  if (known.jobArn === undefined) throw new UserFacingError(`${row.jobName} could not be reached to stop it: ${known.message ?? "no job ARN"}`);
  try {
    await deps.control.stop(known.jobArn);
  } catch (error) {
    // It ended between our last look and the stop: record how it ended instead.
    if (error instanceof Error && error.name === "ValidationException") {
      const ended = applyJobSummary(known, await deps.control.get(known.jobArn), deps.now());
      await deps.store.jobs.put(ended.jobName, ended);
      return ended;
    }
    throw error;
  }
  const stopping: BatchJobRow = { ...known, state: "Stopping", updatedAt: deps.now().toISOString() };
  await deps.store.jobs.put(stopping.jobName, stopping);
  return stopping;
}
