/**
 * `/batch` run by a fleet on one Redis: bots that share `[storage]` share the batch queues (BullMQ).
 *
 * - One or two bot processes (here: bots with their own clients, stores and Redis connections, in this process), with
 *   real timers: the fleet polls Bedrock's control plane once per interval, not once per process.
 * - A notice whose post fails twice is retried by the queue, with backoff, without another poll, and posted once.
 */
import { Queue } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bullmqPrefixOf, ADVANCE_QUEUE } from "../../../src/bot/batch/queues/batch-queue-names.ts";
import { openRedisConnection } from "../../../src/store/open-redis-connection.ts";
import { REDIS_URL } from "../redis-keys.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";
import { DISCORD_ATTEMPTS, noticeParts, submitQuestions } from "./batch-e2e-steps.ts";

const INTERVAL_MS = 5_000;
const HANG_GUARD_MS = 120_000;

let kit: BatchBotKit;
beforeEach(async () => {
  kit = await startBatchBotKit({ storageUrl: REDIS_URL, batch: `confirm = false\npoll_interval_seconds = ${INTERVAL_MS / 1000}` });
});
afterEach(async () => kit.close());

/** Reads of Bedrock's control plane so far (what each cycle costs; creates excluded). */
const controlReads = () => kit.bedrock.batch.requests.filter((request) => request.operation !== "CreateModelInvocationJob").length;

async function until(check: () => boolean, description: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > HANG_GUARD_MS) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("/batch polling by a fleet on one Redis", () => {
  it("GIVEN two running jobs WHEN one bot, then two bots watch them on real timers THEN the control plane sees at most one cycle per interval either way", async () => {
    const submitter = await kit.startBot();
    await submitQuestions(kit);
    await submitQuestions(kit);
    const before = controlReads();
    await submitter.poll();
    const readsPerCycle = controlReads() - before;
    expect(readsPerCycle).toBeGreaterThan(0);
    await submitter.stop();

    const measure = async (processes: number) => {
      let cycles = 0;
      const bots: BatchBot[] = [];
      for (let index = 0; index < processes; index++) bots.push(await kit.startBot({ watcher: {}, observer: { pollCycle: () => (cycles += 1) } }));
      // Past the start-up cycles (each process runs one): from here on only the fleet's scheduler runs cycles.
      for (const bot of bots) await bot.poll();
      const startCycles = cycles;
      const startReads = controlReads();
      const started = Date.now();
      await until(() => cycles - startCycles >= 3, "three scheduled cycles");
      const elapsed = Date.now() - started;
      const ran = cycles - startCycles;
      const reads = controlReads() - startReads;
      for (const bot of bots) await bot.stop();
      return { ran, reads, intervals: elapsed / INTERVAL_MS };
    };
    for (const processes of [1, 2]) {
      const { ran, reads, intervals } = await measure(processes);
      // One cycle per interval for the fleet (a busy machine only makes cycles later, never more of them); each
      // process polling on its own would make `processes` per interval.
      expect(ran, `${processes} process(es): ${ran} cycles in ${intervals.toFixed(1)} intervals`).toBeLessThanOrEqual(Math.floor(intervals) + 1);
      expect(reads).toBeLessThanOrEqual((Math.floor(intervals) + 1) * readsPerCycle);
    }
  }, 4 * HANG_GUARD_MS);
});

describe("/batch notice retried by the queue", () => {
  it("GIVEN Discord failing the notice's post twice WHEN the job ended and one poll ran THEN the queue retries it with backoff and it is posted once", async () => {
    const bot = await kit.startBot();
    const { jobName } = await submitQuestions(kit);
    await kit.bedrock.batch.settle();
    kit.discord.inject5xx("POST /channels/:id/messages", 2 * DISCORD_ATTEMPTS);
    await bot.poll();
    expect(noticeParts(kit, kit.ids.general, jobName)).toEqual([]);

    // No further poll: only the advance job's retries can post it.
    await kit.discord.waitFor(() => (noticeParts(kit, kit.ids.general, jobName).length > 0 ? true : undefined), { description: "the notice posted by a retry", timeoutMs: HANG_GUARD_MS });
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);

    const queue = new Queue(ADVANCE_QUEUE, { connection: openRedisConnection(REDIS_URL, { purpose: "test-advance" }), prefix: bullmqPrefixOf({ url: REDIS_URL, prefix: kit.storePrefix }) });
    try {
      // The job completes once the turn stored what the notice did, a moment after the post.
      const advanceDone = async () => (await queue.getCompleted()).find((job) => (job.opts.deduplication?.id ?? "").endsWith(":jobs_ended"));
      let advance = await advanceDone();
      const started = Date.now();
      while (advance === undefined && Date.now() - started < HANG_GUARD_MS) advance = await advanceDone();
      expect(advance?.stacktrace).toHaveLength(2);
    } finally {
      await queue.close();
    }
    await bot.poll();
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);
  }, 2 * HANG_GUARD_MS);
});
