/** A Get answer or List summary -> the job row it updates (pure). */
import type { BatchJobRow, JobCounters } from "./batch-job-row.ts";
import type { JobSummary } from "./batch-control-client.ts";
import { jobStateTraits } from "./job-state.ts";

export function applyJobSummary(row: BatchJobRow, summary: JobSummary, now: Date): BatchJobRow {
  const state = summary.status ?? row.state;
  const counters: JobCounters = {
    total: summary.totalRecordCount ?? row.counters?.total ?? 0,
    processed: summary.processedRecordCount ?? row.counters?.processed ?? 0,
    succeeded: summary.successRecordCount ?? row.counters?.succeeded ?? 0,
    failed: summary.errorRecordCount ?? row.counters?.failed ?? 0,
  };
  const { message: _staleMessage, endedAt: _endedAt, ...rest } = row;
  const endedAt = jobStateTraits(state).terminal ? (row.endedAt ?? (summary.endTime ?? now).toISOString()) : undefined;
  return {
    ...rest,
    state,
    counters,
    // Bedrock's message replaces ours (a queued row's "waiting for a slot" must not outlive the wait).
    ...(summary.message === undefined || summary.message === "" ? {} : { message: summary.message }),
    ...(summary.submitTime === undefined ? {} : { awsSubmitTime: summary.submitTime.toISOString() }),
    ...(endedAt === undefined ? {} : { endedAt }),
    updatedAt: now.toISOString(),
  };
}

/** Whether `after` says anything `before` did not (the update time aside): only then is it written. */
export function rowChanged(before: BatchJobRow, after: BatchJobRow): boolean {
  const { updatedAt: _a, ...left } = before;
  const { updatedAt: _b, ...right } = after;
  return JSON.stringify(left) !== JSON.stringify(right);
}
