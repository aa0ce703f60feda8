/**
 * The batch queues' promises, on both back ends (BullMQ on the local Redis under a prefix of its own, and in
 * process): advances with the same key make one job, and a later one with that key a new job; a failed attempt is
 * retried by the queue itself with backoff; two "processes" (two queue sets with their own connections on one Redis)
 * never run two cycles at once.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { PollResult } from "../../../src/bedrock/batch/jobs/poll-batch-jobs.ts";
import type { RunOutcome } from "../../../src/bedrock/batch/lifecycle/run-submission.ts";
import { SubmissionBusyError, type BatchQueueHandlers, type BatchQueues } from "../../../src/bot/batch/queues/batch-queues.ts";
import { openBatchQueues } from "../../../src/bot/batch/queues/open-batch-queues.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { deleteRedisKeys, REDIS_URL } from "../../e2e/redis-keys.ts";

const logger = createLogger({ level: "silent" });
const HANG_GUARD_MS = 60_000;
const EMPTY_POLL: PollResult = { rows: [], changed: [] };
const noTimers = () => () => undefined;

/** Resolves once `check` holds (re-read every 20 ms); fails after the hang guard. */
async function until(check: () => boolean, description: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > HANG_GUARD_MS) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each([
  { backend: "bullmq", url: REDIS_URL },
  { backend: "in-process", url: "sqlite://unused.sqlite" },
])("batch queues, $backend", ({ backend, url }) => {
  const store = { url, prefix: `batch-queues-test-${randomUUID()}:` };
  const opened: BatchQueues[] = [];
  afterEach(async () => {
    for (const queues of opened.splice(0)) await queues.close();
    if (backend === "bullmq") await deleteRedisKeys(`${store.prefix}*`, url);
  });
  const open = async (handlers: Partial<BatchQueueHandlers>) => {
    const queues = await openBatchQueues(store, { cycle: () => Promise.resolve(EMPTY_POLL), advance: () => Promise.reject(new Error("no advance expected")), ...handlers }, { everyMs: 60_000, schedule: noTimers, logger });
    opened.push(queues);
    expect(queues.kind).toBe(backend);
    return queues;
  };

  it("GIVEN an advance running WHEN another with the same key is enqueued THEN it is the same job, and a later one with that key is a new job", async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outcome: RunOutcome = { outcome: "unknown" };
    const queues = await open({
      advance: async () => {
        runs += 1;
        await gate;
        return outcome;
      },
    });
    const key = "submission:s1:notify:job-1";
    const first = queues.advances.advance(key, { submissionId: "s1" });
    await until(() => runs === 1, "the first advance to start");
    const second = queues.advances.advance(key, { submissionId: "s1" });
    release();
    expect(await first).toEqual(outcome);
    expect(await second).toEqual(outcome);
    expect(runs).toBe(1);

    await queues.advances.advance(key, { submissionId: "s1" });
    expect(runs).toBe(2);
  });

  it("GIVEN an advance failing twice WHEN nobody asks again THEN the queue retries it with backoff until it succeeds", async () => {
    const attempts: number[] = [];
    const queues = await open({
      advance: () => {
        attempts.push(Date.now());
        return attempts.length <= 2 ? Promise.reject(new Error(`injected failure ${attempts.length}`)) : Promise.resolve({ outcome: "unknown" });
      },
    });
    await expect(queues.advances.advance("submission:s2:submit_run", { submissionId: "s2" })).rejects.toThrow("injected failure 1");
    await until(() => attempts.length === 3, "the third attempt");
    const [first = 0, second = 0, third = 0] = attempts;
    // Exponential: 2 s, then 4 s (never sooner; later on a busy machine).
    expect(second - first).toBeGreaterThanOrEqual(1_900);
    expect(third - second).toBeGreaterThanOrEqual(3_900);
  }, 2 * HANG_GUARD_MS);

  it("GIVEN a submission busy elsewhere WHEN advanced THEN the attempt says busy and the queue tries again", async () => {
    let runs = 0;
    const queues = await open({
      advance: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new SubmissionBusyError()) : Promise.resolve({ outcome: "unknown" });
      },
    });
    expect(await queues.advances.advance("submission:s3:notify:n", { submissionId: "s3" })).toEqual({ outcome: "busy" });
    await until(() => runs === 2, "the retry of a busy advance");
  });
});

describe("batch queues on one Redis shared by two processes", () => {
  const store = { url: REDIS_URL, prefix: `batch-queues-fleet-${randomUUID()}:` };
  const opened: BatchQueues[] = [];
  afterEach(async () => {
    for (const queues of opened.splice(0)) await queues.close();
    await deleteRedisKeys(`${store.prefix}*`, REDIS_URL);
  });

  it("GIVEN two processes asking for cycles at once WHEN they run THEN never two at the same time, and each ask gets a cycle", async () => {
    let running = 0;
    let most = 0;
    let cycles = 0;
    const cycle = async (): Promise<PollResult> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running -= 1;
      cycles += 1;
      return EMPTY_POLL;
    };
    for (let process = 0; process < 2; process++) opened.push(await openBatchQueues(store, { cycle, advance: () => Promise.reject(new Error("none")) }, { everyMs: 60_000, schedule: noTimers, logger }));
    await Promise.all(opened.flatMap((queues) => [queues.cycles.runNow(), queues.cycles.runNow(), queues.cycles.runNow()]));
    expect(cycles).toBe(6);
    expect(most).toBe(1);
  });

  it("GIVEN ten wakes WHEN no cycle ran yet THEN they make one cycle job", async () => {
    let cycles = 0;
    const cycle = () => ((cycles += 1), Promise.resolve(EMPTY_POLL));
    const queues = await openBatchQueues(store, { cycle, advance: () => Promise.reject(new Error("none")) }, { everyMs: 60_000, schedule: (task) => (task(), () => undefined), logger });
    opened.push(queues);
    const { Queue, QueueEvents } = await import("bullmq");
    const { openRedisConnection } = await import("../../../src/store/open-redis-connection.ts");
    const prefix = `${store.prefix}bull`;
    const poll = new Queue("batch-poll", { connection: openRedisConnection(REDIS_URL, { purpose: "test-poll" }), prefix });
    const events = new QueueEvents("batch-poll", { connection: openRedisConnection(REDIS_URL, { purpose: "test-poll-events", blocking: true }), prefix, lastEventId: "0-0" });
    try {
      await events.waitUntilReady();
      let deduplicated = 0;
      events.on("deduplicated", () => (deduplicated += 1));
      // Paused: the wakes pile up where they can be counted.
      await poll.pause();
      for (let wake = 0; wake < 10; wake++) queues.cycles.wake();
      await until(() => deduplicated === 9, "nine wakes folded into the first");
      expect(await poll.getJobCountByTypes("waiting")).toBe(1);
      await poll.resume();
      await until(() => cycles === 1, "the one cycle");
    } finally {
      await events.close();
      await poll.close();
    }
  });
});
