/**
 * The background work of `/batch` as queues, one interface with two back ends (`openBatchQueues` picks by `[storage]
 * url`): on Redis, BullMQ queues shared by every bot process on that Redis (`bullmq-batch-queues.ts`), so a fleet
 * needs no scheduler of its own; on sqlite, the same jobs run in this process (`in-process-batch-queues.ts`).
 *
 * Two kinds of work:
 * - cycles (`CycleQueue`): the watcher's poll cycle. One at a time for the whole fleet; a periodic one every
 *   interval the last cycle chose (adaptive pacing), one soon after a submission (`wake`, deduplicated), and one
 *   on demand (`runNow`, what `BatchWatcher.poll()` waits for).
 * - advances (`AdvanceQueue`): moving one submission on through the lifecycle's one runner (resume what is pending,
 *   or apply an event), deduplicated by a key naming the submission and what moves it, retried with exponential
 *   backoff (`ADVANCE_RETRY`). The runner's lease and the notices' exactly-once protocol stay the guard: a queue is
 *   at-least-once.
 */
import type { PollResult } from "../../../bedrock/batch/jobs/poll-batch-jobs.ts";
import type { RunOutcome } from "../../../bedrock/batch/lifecycle/run-submission.ts";
import type { SubmissionEvent } from "../../../bedrock/batch/lifecycle/submission.ts";
import type { Logger } from "../../../create-logger.ts";
import type { StoreLocation } from "../../../store/store-location.ts";

/** Runs `task` after `ms`; returns a function that cancels it. */
export type BatchScheduler = (task: () => void, ms: number) => () => void;

interface CycleQueue {
  /** A cycle that starts after this call (wherever in the fleet it runs), once it finished. */
  runNow(): Promise<PollResult>;
  /** One cycle soon; asks made before it starts make one cycle. */
  wake(): void;
  /** The next periodic cycle in `ms` (and every `ms` after that, until paced again). */
  pace(ms: number): Promise<void>;
}

/** What moves a submission on: resume its pending effects, or apply an event first. */
export interface AdvanceJob {
  submissionId: string;
  event?: SubmissionEvent;
}

interface AdvanceQueue {
  /**
   * Moves the submission on through a job keyed `key` (a job with that key still waiting, running or backing off is
   * that job; one backing off is started now). Resolves with how its next attempt ended: the runner's outcome, or
   * `busy` when another turn held the submission; rejects with the attempt's error. Either way a failed attempt is
   * retried by the queue.
   */
  advance(key: string, job: AdvanceJob): Promise<RunOutcome>;
}

export interface BatchQueues {
  /** `bullmq` (shared by the processes on one Redis) or `in-process`. */
  kind: "bullmq" | "in-process";
  cycles: CycleQueue;
  advances: AdvanceQueue;
  close(): Promise<void>;
}

/** What this process does when a job reaches it. */
export interface BatchQueueHandlers {
  cycle(): Promise<PollResult>;
  /** Throws `SubmissionBusyError` when another turn holds the submission. */
  advance(job: AdvanceJob): Promise<RunOutcome>;
}

export interface BatchQueueOptions {
  /** The first periodic cycle's interval (`[batch] poll_interval_seconds`). */
  everyMs: number;
  /**
   * Injected timers (tests): given, no periodic cycle is set up and wakes go through it (a no-op scheduler means
   * cycles run only on `runNow`). Default: real, unref'd timers and, on BullMQ, the fleet's job scheduler.
   */
  schedule?: BatchScheduler;
  logger: Logger;
}

/** Attempts of an advance job, and the first retry's delay (doubling after each failure). */
export const ADVANCE_RETRY = { attempts: 6, backoffMs: 2_000 } as const;

export const SUBMISSION_BUSY = "another turn holds this submission; retried later";

/** An attempt that found the submission's lease taken: the queue retries it. */
export class SubmissionBusyError extends Error {
  constructor() {
    super(SUBMISSION_BUSY);
  }
}

/** The dedup key of an advance: the submission and what moves it (its head effect, or the event). */
export function advanceKey(submissionId: string, what: string): string {
  return `submission:${submissionId}:${what}`;
}

export const realTimers: BatchScheduler = (task, ms) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export function usesSharedQueues(store: StoreLocation): boolean {
  return store.url.startsWith("redis");
}
