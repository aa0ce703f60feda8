/**
 * How long until the next poll, as a pure function of the tracked jobs: fast while something is about to change
 * (being submitted, validating, stopping, or in progress near its end), the base interval while in progress, slow while
 * jobs only wait for capacity (Scheduled can last hours). The soonest job decides.
 */
import type { BatchJobRow } from "./batch-job-row.ts";

/** `[batch] poll_interval_seconds` has this floor too. */
const MIN_POLL_SECONDS = 5;
/** Scheduled jobs are polled at most this rarely (and never more often than the base interval). */
const MAX_SLOW_POLL_SECONDS = 15 * 60;
/** Share of records processed from which an in-progress job counts as near its end. */
const NEAR_END_SHARE = 0.9;

export type PollPace = "fast" | "base" | "slow";

/** The pace one job asks for; undefined when it needs no polling (terminal). */
export function jobPollPace(row: Pick<BatchJobRow, "state" | "counters">): PollPace | undefined {
  const { state } = row;
  switch (state) {
    case "submitting":
    case "Submitted":
    case "Validating":
    case "Stopping":
      return "fast";
    case "InProgress": {
      const total = row.counters?.total ?? 0;
      const processed = row.counters?.processed ?? 0;
      return total > 0 && processed / total >= NEAR_END_SHARE ? "fast" : "base";
    }
    // Waits for another job to end, which the base pace notices in time.
    case "queued":
      return "base";
    case "Scheduled":
      return "slow";
    case "create_failed":
    case "Completed":
    case "PartiallyCompleted":
    case "Failed":
    case "Stopped":
    case "Expired":
      return undefined;
    default: {
      const unexpected: never = state;
      throw new Error(`unknown job state ${String(unexpected)}`);
    }
  }
}

export function pollPaceSeconds(pace: PollPace, baseSeconds: number): number {
  const base = Math.max(MIN_POLL_SECONDS, baseSeconds);
  switch (pace) {
    case "fast":
      return Math.max(MIN_POLL_SECONDS, base / 4);
    case "base":
      return base;
    case "slow":
      return Math.max(base, Math.min(base * 5, MAX_SLOW_POLL_SECONDS));
    default: {
      const unexpected: never = pace;
      throw new Error(`unknown poll pace ${String(unexpected)}`);
    }
  }
}

/** Milliseconds until the next poll, or undefined when no tracked job needs one. */
export function nextPollIntervalMs(rows: readonly Pick<BatchJobRow, "state" | "counters">[], baseSeconds: number): number | undefined {
  let soonest: number | undefined;
  for (const row of rows) {
    const pace = jobPollPace(row);
    if (pace === undefined) continue;
    const seconds = pollPaceSeconds(pace, baseSeconds);
    soonest = soonest === undefined ? seconds : Math.min(soonest, seconds);
  }
  return soonest === undefined ? undefined : soonest * 1000;
}
