/**
 * CLI runs in the `/batch` lifecycle: `batch submit` records its run as a submission (origin `cli`, no owner to
 * notify) before anything is sent, and reports what the run became; `batch status` reports runs whose jobs all
 * ended. The bot's watcher, on the same store, polls them like any open submission and finishes them the same way,
 * and reads the run row of one whose CLI died before reporting (`advance-submissions.ts`).
 * Nothing a CLI submission asks for has effects of its own (it holds no records, has no draft, nobody to tell).
 */
import { randomUUID } from "node:crypto";
import type { BatchJobRow } from "../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../bedrock/batch/jobs/job-state.ts";
import { killPointFromEnv } from "../bedrock/batch/lifecycle/kill-point.ts";
import { applySubmissionEvent, type SubmissionRunnerDeps } from "../bedrock/batch/lifecycle/run-submission.ts";
import type { SubmissionStore } from "../bedrock/batch/lifecycle/submission-store.ts";
import type { Submission, SubmissionEvent } from "../bedrock/batch/lifecycle/submission.ts";
import type { SubmittedRun } from "../bedrock/batch/run/submit-batch-run.ts";
import type { LeaseStore } from "../store/claim-lease.ts";

export interface CliLifecycle {
  submissions: SubmissionStore;
  leases: LeaseStore;
}

function runnerOf(lifecycle: CliLifecycle): SubmissionRunnerDeps {
  const killPoint = killPointFromEnv();
  return {
    ...(killPoint === undefined ? {} : { killPoint }),
    submissions: lifecycle.submissions,
    leases: lifecycle.leases,
    instanceId: `cli-${randomUUID()}`,
    now: () => new Date(),
    execute: (effect, submission) => {
      if (effect.kind === "delete_held_records" || effect.kind === "clear_draft") return Promise.resolve({});
      throw new Error(`CLI submission ${submission.id} cannot ${effect.kind}`);
    },
  };
}

export async function recordCliSubmission(lifecycle: CliLifecycle, run: Pick<Submission, "id" | "model" | "provider" | "records">): Promise<void> {
  const at = new Date().toISOString();
  await lifecycle.submissions.save({ ...run, origin: "cli", state: "submitting", createdAt: at, updatedAt: at, pending: [], history: [] });
}

export async function reportCliRun(lifecycle: CliLifecycle, id: string, event: SubmissionEvent): Promise<void> {
  await applySubmissionEvent(runnerOf(lifecycle), id, event);
}

/** Runs of the CLI whose jobs are all terminal now: finished. */
export async function finishEndedCliRuns(lifecycle: CliLifecycle, rows: readonly BatchJobRow[]): Promise<void> {
  const byName = new Map(rows.map((row) => [row.jobName, row]));
  for (const submission of await lifecycle.submissions.open()) {
    if (submission.origin !== "cli" || submission.state !== "running") continue;
    const jobs = (submission.jobNames ?? []).map((name) => byName.get(name));
    if (jobs.every((row) => row !== undefined && jobStateTraits(row.state).terminal)) await reportCliRun(lifecycle, submission.id, { type: "jobs_ended", noticeIds: [] });
  }
}

/** What the run became, for its submission: a CLI holds no pool, so `wait` submitted nothing. */
export function cliRunEvent(runId: string, submitted: SubmittedRun): SubmissionEvent {
  switch (submitted.action) {
    case "batch":
      return { type: "jobs_created", runId, jobNames: submitted.jobs.map((row) => row.jobName) };
    case "on_demand":
      return { type: "answered", runId };
    case "wait":
      return { type: "refused", reason: submitted.reason };
    default: {
      const unexpected: never = submitted;
      throw new Error(`unknown submit outcome ${JSON.stringify(unexpected)}`);
    }
  }
}
