/**
 * `/batch list` lines of one submission, whatever its state: a plan awaiting Confirm, a contribution waiting in (or
 * leaving) its pool, its jobs once they exist (one line each, as Bedrock reports them), or how it ended without one.
 * Pure: the submission, its job rows and the pools come from the store.
 */
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import type { WaitPool } from "../../store/batch-pool.ts";
import { discordTime } from "../render/discord-time.ts";
import { recordsText } from "./batch-wait-pool.ts";
import { describeWaitingLine, findSubmission } from "./waiting-submissions.ts";

export function describeSubmissionLines(submission: Submission, rows: ReadonlyMap<string, BatchJobRow>, pools: readonly WaitPool[]): string[] {
  const jobs = (submission.jobNames ?? []).flatMap((name) => rows.get(name) ?? []);
  if (jobs.length > 0) return jobs.map((row) => jobLine(row, submission));
  if (submission.state === "held") {
    const found = findSubmission(pools, submission.id);
    if (found?.state === "waiting") return [describeWaitingLine(found)];
    if (found?.state === "leaving") return [line(submission, found.kind === "job" ? "leaving its pool: its job is being submitted" : "leaving its pool: its deadline passed")];
  }
  return [line(submission, stateText(submission))];
}

/** One job of a submission, with Bedrock's state and counters. */
function jobLine(row: BatchJobRow, submission: Submission): string {
  return `• \`${row.jobName}\` · ${row.model} · ${jobStateTraits(row.state).label} · ${describeCounters(row)}${stageText(submission)} · <@${submission.owner?.userId ?? ""}>`;
}

function line(submission: Submission, state: string): string {
  return `• \`${submission.id}\` · ${submission.model} · ${state} · ${recordsText(submission.records)}${stageText(submission)} · <@${submission.owner?.userId ?? ""}>`;
}

/** ` · stage 2 of pipeline <id>` for a pipeline's stage. */
function stageText(submission: Submission): string {
  return submission.pipeline === undefined ? "" : ` · stage ${submission.pipeline.stage} of pipeline \`${submission.pipeline.id}\``;
}

function stateText(submission: Submission): string {
  switch (submission.state) {
    case "planned":
      return `awaiting Confirm until ${discordTime(submission.expiresAt ?? submission.createdAt, "R")}`;
    case "submitting":
      return "being submitted";
    case "held":
      return "waiting for its pool";
    case "running":
    case "ended":
      return "running";
    case "notified":
      return submission.jobNames?.length === 0 ? "answered on demand" : "done";
    case "finished":
      return "done";
    case "cancelled":
      return submission.poolKey === undefined ? "cancelled, nothing spent" : "withdrawn from its pool, nothing spent";
    case "expired":
      return "expired unconfirmed, nothing spent";
    case "rejected":
      return `not submitted: ${submission.reason ?? "refused"}`;
    case "undeliverable":
      return "done (notice undeliverable: use /batch results)";
    default: {
      const unexpected: never = submission.state;
      throw new Error(`unknown submission state ${String(unexpected)}`);
    }
  }
}

function describeCounters(row: BatchJobRow): string {
  const counters = row.counters;
  if (counters === undefined || counters.total === 0) return `${row.records} records`;
  return `${counters.processed}/${counters.total} records`;
}
