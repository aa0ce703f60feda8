/**
 * `bedrock-bot queues` (the built CLI, as an operator runs it) against the local Redis under a prefix of its own: a
 * failed advance shows with its error and attempts, `--retry` puts it back to wait, `--remove` deletes it; on sqlite
 * it says there is no shared queue. Needs `npm run build`.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADVANCE_QUEUE, bullmqPrefixOf } from "../../../src/bot/batch/queues/batch-queue-names.ts";
import { openRedisConnection } from "../../../src/store/open-redis-connection.ts";
import { batchConfigText } from "../../bedrock/batch/run/batch-run-kit.ts";
import { runCli } from "../../cli/run-cli.ts";
import { deleteRedisKeys, REDIS_URL } from "../redis-keys.ts";

const store = { url: REDIS_URL, prefix: `queues-cli-${randomUUID()}:` };
let dir: string;

async function configFile(storeUrl: string, prefix: string): Promise<string> {
  const path = join(dir, `${randomUUID()}.toml`);
  await writeFile(path, `${batchConfigText("http://127.0.0.1:9", "http://127.0.0.1:9", storeUrl)}prefix = "${prefix}"\n`);
  return path;
}

interface QueuesJson {
  backend: string;
  queues: { name: string; counts: Record<string, number>; failed: { id: string; key?: string; error: string; attemptsMade: number; attempts: number }[] }[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "queues-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await deleteRedisKeys(`${store.prefix}*`, REDIS_URL);
});

describe("bedrock-bot queues", () => {
  it("GIVEN a failed advance on Redis WHEN listed, retried and removed THEN each shows what it did", async () => {
    const prefix = bullmqPrefixOf(store);
    const queue = new Queue(ADVANCE_QUEUE, { connection: openRedisConnection(REDIS_URL, { purpose: "test-queues-cli" }), prefix });
    const events = new QueueEvents(ADVANCE_QUEUE, { connection: openRedisConnection(REDIS_URL, { purpose: "test-queues-cli-events", blocking: true }), prefix, lastEventId: "0-0" });
    const worker = new Worker(ADVANCE_QUEUE, () => Promise.reject(new Error("Discord refused the post (HTTP 503)")), { connection: openRedisConnection(REDIS_URL, { purpose: "test-queues-cli-worker", blocking: true }), prefix });
    let jobId = "";
    try {
      const job = await queue.add("advance", { submissionId: "s1" }, { deduplication: { id: "submission:s1:notify:job-1" }, attempts: 1 });
      await expect(job.waitUntilFinished(events, 60_000)).rejects.toThrow("HTTP 503");
      jobId = `${ADVANCE_QUEUE}/${job.id ?? ""}`;
    } finally {
      await worker.close();
      await events.close();
    }
    const config = await configFile(REDIS_URL, store.prefix);
    try {
      const listed = await runCli(["queues", "--config", config, "--json"]);
      expect(listed.stderr).not.toContain("error");
      expect(listed.code).toBe(0);
      const report = JSON.parse(listed.stdout) as QueuesJson;
      expect(report.backend).toBe("bullmq");
      expect(report.queues.map((each) => each.name).sort()).toEqual(["batch-advance", "batch-poll"]);
      const advance = report.queues.find((each) => each.name === ADVANCE_QUEUE);
      expect(advance?.counts.failed).toBe(1);
      expect(advance?.failed).toEqual([expect.objectContaining({ id: jobId, key: "submission:s1:notify:job-1", error: "Discord refused the post (HTTP 503)", attemptsMade: 1, attempts: 1 })]);

      const text = await runCli(["queues", "--config", config]);
      expect(text.stdout).toContain(`${jobId} advance submission:s1:notify:job-1 · attempts 1/1`);
      expect(text.stdout).toContain("Discord refused the post (HTTP 503)");

      const retried = await runCli(["queues", "--config", config, "--retry", jobId]);
      expect(retried).toMatchObject({ code: 0, stdout: "1 failed job put back to wait.\n" });
      expect(await queue.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 1 });
      expect(await runCli(["queues", "--config", config, "--retry", jobId])).toMatchObject({ code: 1, stdout: `No failed job with the id ${jobId}.\n` });

      expect(await runCli(["queues", "--config", config, "--remove", jobId])).toMatchObject({ code: 0, stdout: `Removed ${jobId}.\n` });
      expect(await queue.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 0 });
      const unknown = await runCli(["queues", "--config", config, "--remove", "nowhere/1"]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('"nowhere/1" names no batch queue');
    } finally {
      await queue.close();
    }
  }, 120_000);

  it("GIVEN a sqlite store WHEN asked THEN it says the work runs in the bot process", async () => {
    const config = await configFile(`sqlite://${join(dir, "bot.sqlite")}`, "");
    const shown = await runCli(["queues", "--config", config]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("runs inside the bot process");
    expect(JSON.parse((await runCli(["queues", "--config", config, "--json"])).stdout)).toEqual({ backend: "in-process", queues: [] });
    const retry = await runCli(["queues", "--config", config, "--retry", "all"]);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toContain("there is no shared queue");
  });
});
