/**
 * IDENTIFY spacing shared by processes through Redis: two throttlers on one store (two processes, as far as Redis
 * can tell) never both pass within a bucket's window; other buckets pass at once; a wait can be aborted.
 * Asserted as lower bounds on elapsed time (a busy machine can only make them longer), never upper bounds.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { identifyBucketKey, sharedIdentifyThrottler } from "../../src/bot/shared-identify-throttler.ts";
import { openRedisConnection } from "../../src/store/open-redis-connection.ts";
import { deleteRedisKeys, REDIS_URL } from "../e2e/redis-keys.ts";

const WINDOW_MS = 400;
const prefix = `identify-test-${randomUUID()}:`;
const connections = [openRedisConnection(REDIS_URL, { purpose: "test-identify-a" }), openRedisConnection(REDIS_URL, { purpose: "test-identify-b" })];
const throttlers = (windowMs: number) =>
  connections.map((redis, index) => sharedIdentifyThrottler({ redis, keyPrefix: prefix, maxConcurrency: 2, owner: `process-${index}`, windowMs })) as [
    ReturnType<typeof sharedIdentifyThrottler>,
    ReturnType<typeof sharedIdentifyThrottler>,
  ];

afterEach(async () => {
  await deleteRedisKeys(`${prefix}*`);
});

afterAll(async () => {
  await Promise.all(connections.map((redis) => redis.quit()));
});

describe("sharedIdentifyThrottler", () => {
  it("GIVEN two processes WHEN shards of one bucket identify THEN each waits a full window after the other; another bucket does not wait", async () => {
    const [a, b] = throttlers(WINDOW_MS);
    const signal = new AbortController().signal;
    const started = Date.now();
    await a.waitForIdentify(0, signal);
    const firstAt = Date.now();
    await b.waitForIdentify(1, signal); // bucket 1 of 2: free
    await b.waitForIdentify(2, signal); // bucket 0 again: after the window
    const secondAt = Date.now();
    await a.waitForIdentify(4, signal);
    const thirdAt = Date.now();

    expect(secondAt - started).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(thirdAt - firstAt).toBeGreaterThanOrEqual(2 * WINDOW_MS);
  });

  it("GIVEN a wait for a busy bucket WHEN aborted (the shard was destroyed) THEN it rejects and never identifies", async () => {
    // A window no test outlasts: the bucket stays busy whatever the machine's speed.
    const [a, b] = throttlers(60_000);
    await a.waitForIdentify(0, new AbortController().signal);
    const controller = new AbortController();
    const waiting = b.waitForIdentify(0, controller.signal);
    controller.abort(new Error("shard destroyed"));

    await expect(waiting).rejects.toThrow(/shard destroyed|aborted/);
    expect(await connections[0]!.get(identifyBucketKey(prefix, 0))).toBe("process-0 shard 0");
  });
});
