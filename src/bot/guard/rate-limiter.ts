/**
 * Requests per user per minute (`bot.rate_limit_per_minute`) over a sliding window: a request is allowed when fewer
 * than the limit were allowed in the last 60 s. A refusal does not count, and says when the next one will be
 * allowed, so the reply can be polite and exact. It also says whether this user was already refused in the same
 * stretch (`repeated`): someone flooding the bot is told once, not answered message for message (which would make
 * the bot flood the channel in turn). Kept in memory: per process, reset by a restart — enough to stop
 * one user flooding the bot, not an accounting record (spend caps are).
 */
import type { BotConfig } from "../../config/schema.ts";

type RateDecision =
  | { allowed: true }
  /** `repeated`: refused before, and the time that refusal named has not come yet. */
  | { allowed: false; reason: string; retryAfterSeconds: number; repeated: boolean };

export interface RateLimiterOptions {
  /** `bot.rate_limit_per_minute`; 0 = unlimited. */
  perMinute: BotConfig["rate_limit_per_minute"];
  now: () => number;
}

export interface RateLimiter {
  /** Counts a request of `key` (a user id) if it is allowed. */
  take(key: string): RateDecision;
}

const WINDOW_MS = 60_000;

export function createRateLimiter({ perMinute, now }: RateLimiterOptions): RateLimiter {
  /** Times of the allowed requests of the last minute, oldest first, per key. */
  const recent = new Map<string, number[]>();
  /** Per key: until when its last refusal told it to wait. */
  const toldUntil = new Map<string, number>();
  let sweptAt = now();

  /** Users who stopped asking would stay forever otherwise: drop expired keys once a minute. */
  const sweep = (time: number) => {
    if (time - sweptAt < WINDOW_MS) return;
    sweptAt = time;
    for (const [key, times] of recent) if (times.every((at) => at <= time - WINDOW_MS)) recent.delete(key);
    for (const [key, until] of toldUntil) if (until <= time) toldUntil.delete(key);
  };

  return {
    take(key) {
      if (perMinute === 0) return { allowed: true };
      const time = now();
      sweep(time);
      const times = (recent.get(key) ?? []).filter((at) => at > time - WINDOW_MS);
      const oldest = times[0];
      if (times.length >= perMinute && oldest !== undefined) {
        recent.set(key, times);
        const freeAt = oldest + WINDOW_MS;
        const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - time) / 1000));
        const unit = retryAfterSeconds === 1 ? "second" : "seconds";
        const repeated = (toldUntil.get(key) ?? 0) > time;
        if (!repeated) toldUntil.set(key, freeAt);
        return { allowed: false, retryAfterSeconds, repeated, reason: `You're sending requests too quickly: try again in ${retryAfterSeconds} ${unit}.` };
      }
      times.push(time);
      recent.set(key, times);
      return { allowed: true };
    },
  };
}
