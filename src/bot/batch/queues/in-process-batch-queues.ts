/**
 * The `/batch` queues of a bot on sqlite: one process, so the jobs run here, with the policy the BullMQ back end has
 * (one cycle at a time, advances deduplicated by key and retried with exponential backoff). Nothing outlives the
 * process; what it leaves undone is in the store, and the next process's first cycle resumes it.
 */
import type { PollResult } from "../../../bedrock/batch/jobs/poll-batch-jobs.ts";
import type { RunOutcome } from "../../../bedrock/batch/lifecycle/run-submission.ts";
import { ADVANCE_RETRY, realTimers, SubmissionBusyError, type AdvanceJob, type BatchQueueHandlers, type BatchQueueOptions, type BatchQueues } from "./batch-queues.ts";

interface PendingAdvance {
  job: AdvanceJob;
  attemptsMade: number;
  running?: Promise<RunOutcome>;
  cancelRetry?: () => void;
}

export function openInProcessQueues(handlers: BatchQueueHandlers, options: BatchQueueOptions): BatchQueues {
  const schedule = options.schedule ?? realTimers;
  const { logger } = options;
  let closed = false;

  let running: Promise<PollResult> | undefined;
  let next: Promise<PollResult> | undefined;
  let cancelPace: (() => void) | undefined;
  const runCycle = (): Promise<PollResult> =>
    handlers.cycle().finally(() => {
      running = undefined;
    });
  const runNow = (): Promise<PollResult> => {
    if (running === undefined) return (running = runCycle());
    // One follow-up for every caller that came while a cycle ran: it starts after theirs.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return (running = runCycle());
      });
    return next;
  };
  const background = () => {
    if (!closed) runNow().catch((error: unknown) => logger.error({ err: error }, "batch poll failed"));
  };

  const advances = new Map<string, PendingAdvance>();
  const attempt = (key: string, pending: PendingAdvance): Promise<RunOutcome> => {
    const outcome = handlers.advance(pending.job).then(
      (result) => {
        advances.delete(key);
        return result;
      },
      (error: unknown) => {
        pending.attemptsMade += 1;
        if (pending.attemptsMade >= ADVANCE_RETRY.attempts || closed) advances.delete(key);
        else {
          const delay = ADVANCE_RETRY.backoffMs * 2 ** (pending.attemptsMade - 1);
          pending.cancelRetry = realTimers(() => {
            delete pending.cancelRetry;
            attempt(key, pending).catch(() => undefined);
          }, delay);
        }
        if (error instanceof SubmissionBusyError) return { outcome: "busy" } as const;
        throw error;
      },
    );
    pending.running = outcome.finally(() => {
      delete pending.running;
    });
    return pending.running;
  };

  return {
    kind: "in-process",
    cycles: {
      runNow,
      wake() {
        schedule(background, 0);
      },
      pace(ms) {
        cancelPace?.();
        if (!closed) cancelPace = schedule(background, ms);
        return Promise.resolve();
      },
    },
    advances: {
      advance(key, job) {
        const pending = advances.get(key) ?? { job, attemptsMade: 0 };
        advances.set(key, pending);
        if (pending.running !== undefined) return pending.running;
        // Asked again while backing off: the attempt runs now (what the next cycle would have done).
        pending.cancelRetry?.();
        delete pending.cancelRetry;
        return attempt(key, pending);
      },
    },
    async close() {
      closed = true;
      cancelPace?.();
      for (const pending of advances.values()) pending.cancelRetry?.();
      const inFlight: (Promise<unknown> | undefined)[] = [running, next, ...[...advances.values()].map((pending) => pending.running)];
      await Promise.all(inFlight.map((work) => work?.catch(() => undefined) ?? Promise.resolve()));
    },
  };
}
