/**
 * The `/batch` queues of a bot on Redis: BullMQ queues every bot process on that Redis (and `[storage] prefix`)
 * shares, with a worker for each in every process.
 *
 * - `batch-poll`: the watcher's cycle. A job scheduler with the fixed id `batch-poll-cycle` makes the periodic cycle
 *   (one per interval for the fleet, however many processes upsert it); global concurrency 1 (and a worker
 *   concurrency of 1) keeps two cycles from ever running at once anywhere. After each cycle the process that ran it
 *   upserts the scheduler with the interval the cycle chose (`pace`): adaptive pacing, fleet-wide, with a start date
 *   so a changed interval does not fire at once. `wake` adds a job deduplicated by `wake` that keeps one more while a
 *   cycle runs (`keepLastIfActive`), so ten wakes make at most one cycle after the one running; `runNow` adds a job of
 *   its own and waits for it to finish (QueueEvents, with a hang guard).
 * - `batch-advance`: a submission moving on; deduplicated by its key (`submission:<id>:<what moves it>`), attempts
 *   and exponential backoff from `ADVANCE_RETRY`. The caller waits for the job's next attempt (a job backing off is
 *   promoted first, so a cycle or a button press never waits out a backoff).
 *
 * Connections (`openRedisConnection`, blocking): one shared by the queues and workers (BullMQ duplicates it for
 * their blocking reads), one per QueueEvents.
 */
import type { EventEmitter } from "node:events";
import { Job, Queue, QueueEvents, Worker, type JobsOptions } from "bullmq";
import type { PollResult } from "../../../bedrock/batch/jobs/poll-batch-jobs.ts";
import type { RunOutcome } from "../../../bedrock/batch/lifecycle/run-submission.ts";
import { closeRedisConnection } from "../../../store/close-redis-connection.ts";
import { openRedisConnection } from "../../../store/open-redis-connection.ts";
import type { StoreLocation } from "../../../store/store-location.ts";
import { ADVANCE_QUEUE, bullmqPrefixOf, POLL_QUEUE, POLL_SCHEDULER_ID } from "./batch-queue-names.ts";
import { ADVANCE_RETRY, realTimers, SUBMISSION_BUSY, type AdvanceJob, type BatchQueueHandlers, type BatchQueueOptions, type BatchQueues } from "./batch-queues.ts";

/** Longest wait for one job's attempt: above the submission lease (15 min), the longest a turn may take. */
const ATTEMPT_HANG_GUARD_MS = 20 * 60_000;
/** A missed event costs at most this: the job's state is read again. */
const RECHECK_MS = 1_000;
/** Advances kept once done, for `bedrock-bot queues` and dashboards. */
const KEEP_DONE = { age: 24 * 3600, count: 1_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 1_000 };
const ADVANCE_CONCURRENCY = 4;
/**
 * A job's lock (renewed every half of it while the job runs) and how often live workers look for jobs whose lock
 * lapsed: a process that died mid-job gives its job back within about 15 s, instead of BullMQ's 30 s + 30 s, so the
 * fleet's one cycle is not held up long by a dead process.
 */
const WORKER_LOCKS = { lockDuration: 10_000, stalledInterval: 5_000 };

export async function openBullmqQueues(store: StoreLocation, handlers: BatchQueueHandlers, options: BatchQueueOptions): Promise<BatchQueues> {
  const { logger } = options;
  const prefix = bullmqPrefixOf(store);
  const connection = openRedisConnection(store.url, { purpose: "batch-queues", blocking: true });
  const pollEvents = new QueueEvents(POLL_QUEUE, { connection: openRedisConnection(store.url, { purpose: "batch-poll-events", blocking: true }), prefix });
  const advanceEvents = new QueueEvents(ADVANCE_QUEUE, { connection: openRedisConnection(store.url, { purpose: "batch-advance-events", blocking: true }), prefix });
  const pollQueue = new Queue(POLL_QUEUE, { connection, prefix });
  const advanceQueue = new Queue<AdvanceJob, RunOutcome>(ADVANCE_QUEUE, { connection, prefix });
  await Promise.all([pollEvents.waitUntilReady(), advanceEvents.waitUntilReady(), pollQueue.waitUntilReady(), advanceQueue.waitUntilReady()]);
  await pollQueue.setGlobalConcurrency(1);
  const pollWorker = new Worker<unknown, PollResult>(POLL_QUEUE, () => handlers.cycle(), { connection, prefix, concurrency: 1, ...WORKER_LOCKS });
  const advanceWorker = new Worker<AdvanceJob, RunOutcome>(ADVANCE_QUEUE, (job) => handlers.advance(job.data), { connection, prefix, concurrency: ADVANCE_CONCURRENCY, ...WORKER_LOCKS });
  for (const worker of [pollWorker, advanceWorker]) worker.on("error", (error) => logger.error({ err: error, queue: worker.name }, "a batch queue worker failed"));
  for (const events of [pollEvents, advanceEvents]) events.on("error", (error) => logger.error({ err: error }, "batch queue events failed"));
  advanceWorker.on("failed", (job, error) => logger.warn({ err: error, jobId: job?.id, attemptsMade: job?.attemptsMade }, "a batch advance attempt failed; the queue retries it"));

  const automatic = options.schedule === undefined;
  const schedule = options.schedule ?? realTimers;
  const pace = async (ms: number) => {
    if (!automatic) return;
    // Upserted after every cycle (another process may have set another interval since): the same interval keeps the
    // next run where it is; a changed one starts from now, as the start date says (it would otherwise fire at once).
    await pollQueue.upsertJobScheduler(POLL_SCHEDULER_ID, { every: ms, startDate: Date.now() + ms }, { name: "cycle", opts: { removeOnComplete: true, removeOnFail: KEEP_FAILED } });
  };
  await pace(options.everyMs);
  /** Callers waiting for a job: told when this process stops waiting. */
  const waits = new Set<(error: Error) => void>();
  let closing = false;
  const stopping = () => new Error("the bot is stopping: the job is left to the queue");
  const cycleOptions: JobsOptions = { removeOnComplete: { age: 600 }, removeOnFail: KEEP_FAILED };

  return {
    kind: "bullmq",
    cycles: {
      async runNow() {
        if (closing) throw stopping();
        const job = await pollQueue.add("cycle", {}, cycleOptions);
        return (await nextAttempt(pollQueue, pollEvents, job.id ?? "", waits)) as PollResult;
      },
      wake() {
        schedule(() => {
          pollQueue.add("cycle", {}, { ...cycleOptions, deduplication: { id: "wake", keepLastIfActive: true } }).catch((error: unknown) => logger.error({ err: error }, "could not ask for a batch poll"));
        }, 0);
      },
      pace,
    },
    advances: {
      async advance(key, data) {
        if (closing) throw stopping();
        const job = await advanceQueue.add("advance", data, {
          deduplication: { id: key },
          attempts: ADVANCE_RETRY.attempts,
          backoff: { type: "exponential", delay: ADVANCE_RETRY.backoffMs },
          removeOnComplete: KEEP_DONE,
          removeOnFail: KEEP_FAILED,
        });
        try {
          return (await nextAttempt(advanceQueue, advanceEvents, job.id ?? "", waits)) as RunOutcome;
        } catch (error) {
          if (error instanceof Error && error.message === SUBMISSION_BUSY) return { outcome: "busy" };
          throw error;
        }
      },
    },
    async close() {
      // Waits end first: a cycle here waiting for an advance that no worker here takes any more would hold up the
      // close of its own worker. The jobs stay in the queue for the other processes (or the next start).
      closing = true;
      for (const abandon of [...waits]) abandon(stopping());
      await Promise.all([pollWorker.close(), advanceWorker.close()]);
      await Promise.all([pollEvents.close(), advanceEvents.close(), pollQueue.close(), advanceQueue.close()]);
      await closeRedisConnection(connection);
    },
  };
}

/**
 * How the job's next attempt ends: its return value, or its error (the job may still be retried). A job backing off
 * is promoted so the attempt starts now. Events wake the check; a timer re-reads in case one was missed.
 */
async function nextAttempt(queue: Queue, events: QueueEvents, jobId: string, closing: Set<(error: Error) => void>): Promise<unknown> {
  const first = await Job.fromId(queue, jobId);
  if (first === undefined) throw new Error(`batch queue job ${jobId} is gone`);
  const baseline = first.attemptsMade;
  if ((await first.getState()) === "delayed" && baseline > 0) await first.promote().catch(() => undefined);
  // QueueEvents also emits `<event>:<jobId>`, which its typings do not list.
  const emitter = events as unknown as EventEmitter;
  return new Promise((resolve, reject) => {
    const names = ["completed", "failed", "delayed", "waiting", "retries-exhausted"].map((event) => `${event}:${jobId}`);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(recheck);
      clearTimeout(guard);
      closing.delete(abandon);
      for (const name of names) emitter.off(name, check);
      settle();
    };
    const check = () => {
      void Job.fromId(queue, jobId)
        .then(async (job) => {
          if (job === undefined) return finish(() => reject(new Error(`batch queue job ${jobId} was removed before it finished`)));
          const state = await job.getState();
          if (state === "completed") return finish(() => resolve(job.returnvalue));
          if (state === "failed" || job.attemptsMade > baseline) return finish(() => reject(new Error(job.failedReason)));
          return undefined;
        })
        .catch((error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))));
    };
    const abandon = (error: Error) => finish(() => reject(error));
    closing.add(abandon);
    for (const name of names) emitter.on(name, check);
    const recheck = setInterval(check, RECHECK_MS);
    const guard = setTimeout(() => abandon(new Error(`batch queue job ${jobId} did not finish within ${ATTEMPT_HANG_GUARD_MS / 60_000} minutes`)), ATTEMPT_HANG_GUARD_MS);
    // Waiting never keeps the process alive: stopping the bot ends the waits (`close`).
    recheck.unref();
    guard.unref();
    check();
  });
}
