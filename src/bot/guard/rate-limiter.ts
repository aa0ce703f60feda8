/**
 * Requests per user per minute (`bot.rate_limit_per_minute`), counted by rate-limiter-flexible: in the store's Redis
 * when `[storage] url` is one (`RateLimiterRedis`, so every bot process on it counts the same requests: a user cannot
 * get N times the limit by landing on N processes), else in this process's memory (`RateLimiterMemory`; a sqlite
 * store means one process).
 *
 * Window: the library's fixed window per key, opened by a user's first request and lasting 60 s from it; the count
 * starts again when it ends. That is not the sliding "fewer than N in the last 60 s" this limiter kept before: a user
 * can get up to 2N through across the edge of two windows. Acceptable here: the limit stops one user flooding the bot
 * (and the channel with answers), it is not an accounting record (spend caps are); what matters is that it holds
 * across processes, atomically (one Lua script per request), without a sorted set of timestamps per user.
 *
 * A refusal names the seconds until the window ends, so the reply can be polite and exact, and does not push that
 * moment back (the library adds refused requests to the count, but the window's expiry is set by its first request
 * only). It also says whether this user was already refused in the same window (`repeated`): someone flooding the bot
 * is told once, not answered message for message (which would make the bot flood the channel in turn). The count
 * itself tells that, shared and race-free: the one request that makes it limit + 1 is told, every later one
 * (whichever process gets it) is quiet.
 *
 * Redis unreachable: the limiter falls back to counting in this process's memory (fail open to a per-process limit,
 * not closed): refusing everyone because the limit's store is down would turn a Redis outage into a bot outage for a
 * safeguard against floods, and a per-process count still stops one user flooding one process. The first failure of
 * an outage is reported through `onStoreError`; nothing throws to the caller.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { BotConfig } from "../../config/schema.ts";

type RateDecision =
  | { allowed: true }
  /** `repeated`: refused before in the same window (told then; quiet now). */
  | { allowed: false; reason: string; retryAfterSeconds: number; repeated: boolean };

export interface RateLimiterOptions {
  /** `bot.rate_limit_per_minute`; 0 = unlimited. */
  perMinute: BotConfig["rate_limit_per_minute"];
  /** The store's Redis, shared by every bot process on it; absent: counted in this process's memory. */
  redis?: {
    connection: Redis;
    /** Put before each user id (`<keyPrefix>:<user id>`); include the `[storage] prefix`. */
    keyPrefix: string;
  };
  /** Told of the first failure of the shared store in a row (the limiter then counts in memory until it answers again). */
  onStoreError?: (error: unknown) => void;
}

export interface RateLimiter {
  /** Counts a request of `key` (a user id); never rejects. */
  take(key: string): Promise<RateDecision>;
}

const WINDOW_SECONDS = 60;

export function createRateLimiter({ perMinute, redis, onStoreError }: RateLimiterOptions): RateLimiter {
  if (perMinute === 0) return { take: () => Promise.resolve({ allowed: true }) };
  const memory = new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS });
  const shared =
    redis === undefined
      ? undefined
      : new RateLimiterRedis({
          storeClient: redis.connection,
          keyPrefix: redis.keyPrefix,
          points: perMinute,
          duration: WINDOW_SECONDS,
          // While the connection is not ready, fail at once (and count in memory) rather than queue behind reconnects.
          rejectIfRedisNotReady: true,
        });
  let failing = false;
  const consume = async (limiter: RateLimiterAbstract, key: string): Promise<RateDecision> => {
    try {
      await limiter.consume(key);
      return { allowed: true };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return refusal(outcome, perMinute);
      throw outcome;
    }
  };
  return {
    async take(key) {
      if (shared === undefined) return await consume(memory, key);
      try {
        const decision = await consume(shared, key);
        failing = false;
        return decision;
      } catch (error) {
        if (!failing) onStoreError?.(error);
        failing = true;
        return await consume(memory, key);
      }
    },
  };
}

function refusal(result: RateLimiterRes, perMinute: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  const unit = retryAfterSeconds === 1 ? "second" : "seconds";
  return {
    allowed: false,
    retryAfterSeconds,
    // The first refused request of the window brings the count to exactly perMinute + 1.
    repeated: result.consumedPoints > perMinute + 1,
    reason: `You're sending requests too quickly: try again in ${retryAfterSeconds} ${unit}.`,
  };
}
