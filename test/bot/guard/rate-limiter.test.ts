import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter } from "../../../src/bot/guard/rate-limiter.ts";
import { openRedisConnection } from "../../../src/store/open-redis-connection.ts";
import { deleteRedisKeys, REDIS_URL } from "../../e2e/redis-keys.ts";

describe("createRateLimiter in memory (one process)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The library counts on Date.now and expires keys with setTimeout: both faked, from 0. */
  function fakeClock() {
    vi.useFakeTimers({ now: 0 });
    return (at: number) => vi.advanceTimersByTime(at - Date.now());
  }

  it("GIVEN 3 per minute WHEN a 4th request comes THEN refused with the seconds until the window (opened by the first) ends", async () => {
    const advanceTo = fakeClock();
    const limiter = createRateLimiter({ perMinute: 3 });

    const decisions = [];
    for (const at of [0, 10_000, 20_000, 30_500]) {
      advanceTo(at);
      decisions.push(await limiter.take("alice"));
    }

    expect(decisions).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 30, repeated: false, reason: "You're sending requests too quickly: try again in 30 seconds." },
    ]);
  });

  it("GIVEN a full window WHEN it ends THEN requests are allowed again; refusals did not push its end back", async () => {
    const advanceTo = fakeClock();
    const limiter = createRateLimiter({ perMinute: 2 });
    await limiter.take("alice");
    advanceTo(1_000);
    await limiter.take("alice");
    advanceTo(59_500);
    const refused = await limiter.take("alice");
    advanceTo(60_001);
    const again = await limiter.take("alice");

    expect([refused, again]).toEqual([
      { allowed: false, retryAfterSeconds: 1, repeated: false, reason: "You're sending requests too quickly: try again in 1 second." },
      { allowed: true },
    ]);
  });

  it("GIVEN a refused user WHEN they ask again in the same window THEN repeated; refused in the next window THEN told anew", async () => {
    const advanceTo = fakeClock();
    const limiter = createRateLimiter({ perMinute: 1 });
    const repeatedAt = async (at: number) => {
      advanceTo(at);
      const decision = await limiter.take("alice");
      return decision.allowed ? "allowed" : decision.repeated;
    };

    // Window 0-60 s: allowed at 0, told at 1 s, quiet at 30 s; window from 61 s: allowed, told at 62 s, quiet at 90 s.
    const outcomes = [];
    for (const at of [0, 1_000, 30_000, 61_000, 62_000, 90_000]) outcomes.push(await repeatedAt(at));
    expect(outcomes).toEqual(["allowed", false, true, "allowed", false, true]);
  });

  it("GIVEN two users WHEN one hits the limit THEN the other is unaffected", async () => {
    const limiter = createRateLimiter({ perMinute: 1 });

    expect([await limiter.take("alice"), (await limiter.take("alice")).allowed, await limiter.take("bob")]).toEqual([{ allowed: true }, false, { allowed: true }]);
  });

  it("GIVEN a limit of 0 WHEN flooded THEN unlimited", async () => {
    const limiter = createRateLimiter({ perMinute: 0 });

    const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.take("alice")));
    expect(decisions.every((decision) => decision.allowed)).toBe(true);
  });
});

describe("createRateLimiter on redis (several processes)", () => {
  const prefix = `test-rate-limit-${randomUUID()}:`;
  const connections: Redis[] = [];

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.quit().catch(() => connection.disconnect())));
    await deleteRedisKeys(`${prefix}*`);
  });

  /** A limiter as one bot process has it: its own connection, the shared key prefix. */
  async function processLimiter(perMinute: number, url = REDIS_URL) {
    const connection = openRedisConnection(url, { purpose: "test-rate-limit" });
    connections.push(connection);
    const errors: unknown[] = [];
    if (url === REDIS_URL) await connection.connect();
    else connection.on("error", () => {});
    const limiter = createRateLimiter({ perMinute, redis: { connection, keyPrefix: `${prefix}rate-limit` }, onStoreError: (error) => errors.push(error) });
    return { limiter, errors };
  }

  it("GIVEN two processes WHEN one user's 20 requests arrive at once, spread over both THEN 5 allowed, one refusal told, the rest quiet", async () => {
    const [a, b] = [await processLimiter(5), await processLimiter(5)];

    const decisions = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? a : b).limiter.take("alice")));

    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    const refusals = decisions.filter((decision) => !decision.allowed);
    expect(refusals.filter((decision) => !decision.repeated)).toHaveLength(1);
    expect(refusals.filter((decision) => decision.repeated)).toHaveLength(14);
    for (const refusal of refusals) {
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("GIVEN two processes WHEN another user asks THEN counted apart, under the storage prefix", async () => {
    const [a, b] = [await processLimiter(1), await processLimiter(1)];

    expect((await a.limiter.take("alice")).allowed).toBe(true);
    expect((await b.limiter.take("alice")).allowed).toBe(false);
    expect((await b.limiter.take("bob")).allowed).toBe(true);
    expect(await connections[0]?.get(`${prefix}rate-limit:alice`)).toBe("2");
  });

  it("GIVEN redis unreachable WHEN requests come THEN counted in the process (fail open to a per-process limit), reported once, never thrown", async () => {
    const { limiter, errors } = await processLimiter(2, "redis://127.0.0.1:1");

    const decisions = [];
    for (let index = 0; index < 4; index++) decisions.push(await limiter.take("alice"));

    expect(decisions.map((decision) => (decision.allowed ? "allowed" : decision.repeated ? "quiet" : "told"))).toEqual(["allowed", "allowed", "told", "quiet"]);
    expect(errors).toHaveLength(1);
  });
});
