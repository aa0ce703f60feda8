/**
 * Polls until the given jobs are terminal (`batch submit --wait`), sleeping the adaptive interval between polls. The
 * sleep is passed in: real timers in the CLI, the fake's clock in tests.
 */
import type { BatchJobRow } from "../jobs/batch-job-row.ts";
import { isTerminalState } from "../jobs/job-state.ts";
import { pollBatchJobs, type PollDeps, type PollSettings } from "../jobs/poll-batch-jobs.ts";
import { nextPollIntervalMs } from "../jobs/poll-interval.ts";

export interface WaitForJobsOptions {
  sleep: (ms: number) => Promise<void>;
  /** After each poll, with the waited-for jobs as they now are. */
  onPoll?: (rows: BatchJobRow[]) => void;
}

export async function waitForJobs(deps: PollDeps, settings: PollSettings, jobNames: readonly string[], options: WaitForJobsOptions): Promise<BatchJobRow[]> {
  for (;;) {
    const { rows } = await pollBatchJobs(deps, settings);
    const mine = rows.filter((row) => jobNames.includes(row.jobName));
    options.onPoll?.(mine);
    if (mine.length < jobNames.length) throw new Error(`jobs missing from the store: ${jobNames.filter((name) => !mine.some((row) => row.jobName === name)).join(", ")}`);
    if (mine.every((row) => isTerminalState(row.state))) return mine;
    await options.sleep(nextPollIntervalMs(mine, settings.basePollSeconds) ?? settings.basePollSeconds * 1000);
  }
}
