/**
 * The status message of a running job, and when it may still be edited. The poller renders the job on every cycle
 * and edits the message when the text changed, while the message is young enough: Discord caps edits of messages
 * older than an hour (error 30046), so after ~55 minutes the status message is left as it is and the completion is
 * a NEW message replying to the submission (`renderJobNotice`). Pure.
 *
 *     ⏳ Batch job on **nova-lite** · in progress
 *     `██████░░░░░░░░░░░░░░` 31% · 310 of 1,000 records · 3 failed
 *     Running for 1 h 12 min · about 2 h 40 min left
 *     -# bdb-20250301-ab12cd-1 · I'll post the results here when it finishes.
 *
 * It never carries the notice marker (`job <id>` at a line's end): the exactly-once scan would take a status
 * message for a posted notice.
 */
import type { JobCounters, JobRowState } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { formatDuration } from "../render/format-duration.ts";

/** Discord caps edits of messages older than 1 hour (30046); 5 minutes spare for a poll cycle and clock skew. */
const STATUS_EDIT_WINDOW_MS = 55 * 60_000;
const BAR_WIDTH = 20;

export interface JobProgressInput {
  jobName: string;
  /** `[[models]]` name. */
  model: string;
  state: JobRowState;
  /** Bedrock's counters (0 while validating). */
  counters?: JobCounters;
  /** Bedrock's message, shown when there is one (why a job is still queued, why it is stopping). */
  message?: string;
  /** ISO: when the job was submitted (for "running for"). */
  startedAt: string;
  /** ISO: when the poller first saw it InProgress; the ETA rate counts from here. Default: `startedAt`. */
  inProgressSince?: string;
  now: Date;
}

export function renderJobProgress(input: JobProgressInput): string {
  const traits = jobStateTraits(input.state);
  const lines = [`${traits.terminal ? "🏁" : "⏳"} Batch job on **${input.model}** · ${traits.label}`];
  const counters = input.counters;
  if (counters !== undefined && counters.total > 0) {
    const share = Math.min(1, counters.processed / counters.total);
    const failed = counters.failed > 0 ? ` · ${count(counters.failed)} failed` : "";
    lines.push(`\`${progressBar(share)}\` ${Math.floor(share * 100)}% · ${count(counters.processed)} of ${count(counters.total)} records${failed}`);
  }
  const running = `Running for ${formatDuration(input.now.getTime() - Date.parse(input.startedAt))}`;
  const left = estimateTimeLeft(input);
  lines.push(left === undefined ? running : `${running} · about ${formatDuration(left)} left`);
  if (input.message !== undefined && input.message.trim() !== "") lines.push(`> ${input.message.trim().split("\n").join(" ")}`);
  lines.push(`-# ${input.jobName} · ${traits.terminal ? "The results follow in a new message." : "I'll post the results here when it finishes."}`);
  return lines.join("\n");
}

/** `██████░░░░░░░░░░░░░░` for a share in [0, 1]. */
export function progressBar(share: number, width = BAR_WIDTH): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

/**
 * Milliseconds left at the rate records were processed so far; only while InProgress with some records done (before
 * that there is no rate, and Scheduled can last hours for reasons of Bedrock's own).
 */
export function estimateTimeLeft(input: Pick<JobProgressInput, "state" | "counters" | "startedAt" | "inProgressSince" | "now">): number | undefined {
  const counters = input.counters;
  if (input.state !== "InProgress" || counters === undefined || counters.processed === 0 || counters.processed >= counters.total) return undefined;
  const elapsed = input.now.getTime() - Date.parse(input.inProgressSince ?? input.startedAt);
  if (!(elapsed > 0)) return undefined;
  return ((counters.total - counters.processed) * elapsed) / counters.processed;
}

export type StatusEditDecision = "edit" | "unchanged" | "too_old";

/** Whether to edit the status message posted at `postedAt` to show `next`. */
export function decideStatusEdit(input: { postedAt: string; now: Date; shown: string; next: string }): StatusEditDecision {
  if (input.now.getTime() - Date.parse(input.postedAt) >= STATUS_EDIT_WINDOW_MS) return "too_old";
  return input.shown === input.next ? "unchanged" : "edit";
}

const count = (n: number): string => n.toLocaleString("en-US");
