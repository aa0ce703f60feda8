/**
 * IDENTIFY spacing for a bot whose shards run in several processes. Discord allows one IDENTIFY per 5 s in each
 * bucket (`shard_id % max_concurrency`) for the whole bot; discord.js's own throttler spaces them only inside one
 * process, so two processes starting together would overrun the bucket and be refused. Here the bucket is a redis
 * key: `SET <prefix>identify:<bucket> NX PX <window>` — whoever sets it may identify now, everyone else waits for
 * the key to expire (redis's clock, so hosts need not agree on the time) and tries again.
 */
import type { IIdentifyThrottler } from "discord.js";
import type { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";

/** Discord's window per bucket, with a margin: the IDENTIFY is sent a moment after the key is set. */
const IDENTIFY_WINDOW_MS = 5_000 + 250;

export interface SharedIdentifyThrottlerOptions {
  redis: Pick<Redis, "set" | "pttl">;
  /** Put before the bucket keys (the store's prefix: one bot's processes share it, another bot's do not). */
  keyPrefix: string;
  /** `session_start_limit.max_concurrency` of GET /gateway/bot. */
  maxConcurrency: number;
  /** Who waits, written into the key for `redis-cli` readers. */
  owner: string;
  windowMs?: number;
}

export function sharedIdentifyThrottler(options: SharedIdentifyThrottlerOptions): IIdentifyThrottler {
  const { redis, keyPrefix, owner } = options;
  const windowMs = options.windowMs ?? IDENTIFY_WINDOW_MS;
  const buckets = Math.max(1, options.maxConcurrency);
  return {
    async waitForIdentify(shardId, signal) {
      const key = identifyBucketKey(keyPrefix, shardId % buckets);
      for (;;) {
        signal.throwIfAborted();
        if ((await redis.set(key, `${owner} shard ${shardId}`, "PX", windowMs, "NX")) === "OK") return;
        // -2: gone already, -1: no expiry (never set so here): try again soon either way.
        const left = await redis.pttl(key);
        // A little spread, so the processes waiting on one bucket do not all ask again at the same instant.
        await sleep(Math.max(left, 20) + Math.floor(Math.random() * 100), undefined, { signal });
      }
    },
  };
}

export function identifyBucketKey(keyPrefix: string, bucket: number): string {
  return `${keyPrefix}identify:${bucket}`;
}
