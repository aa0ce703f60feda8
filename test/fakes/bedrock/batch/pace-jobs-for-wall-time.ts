/**
 * Step lengths that make a batch job take about `jobMs` of real time from submission to its end, for the standalone
 * fake run by hand. Tests move the fake clock instead and keep AWS-like one-minute steps.
 *
 * A job that runs to completion takes one step in each of Submitted, Validating and Scheduled, then InProgress steps
 * until every record is processed (each processes `progressPerStep` of them, see job-lifecycle.ts). The three steps
 * before processing share the first 30% of the time, and Scheduled gets a tenth of what the other two get: on real
 * Bedrock it means waiting for capacity, possibly for hours, so a poller (the bot's) that sees it backs off for a
 * while; a demo job should be past it by the bot's second poll, 5 s after submission. Stopping takes one processing step.
 */
import type { ActiveStatus } from "./batch-types.ts";

const BEFORE_PROCESSING_SHARE = 0.3;
/** Submitted and Validating count 1 each, Scheduled this much. */
const SCHEDULED_WEIGHT = 0.1;

export function paceJobsForWallTime(jobMs: number, progressPerStep: number): Record<ActiveStatus, number> {
  if (!(jobMs > 0 && Number.isFinite(jobMs))) throw new RangeError(`job length must be a finite number of ms > 0, got ${jobMs}`);
  const waitMs = (jobMs * BEFORE_PROCESSING_SHARE) / (2 + SCHEDULED_WEIGHT);
  const processMs = (jobMs * (1 - BEFORE_PROCESSING_SHARE)) / Math.ceil(1 / progressPerStep);
  return { Submitted: waitMs, Validating: waitMs, Scheduled: waitMs * SCHEDULED_WEIGHT, InProgress: processMs, Stopping: processMs };
}
