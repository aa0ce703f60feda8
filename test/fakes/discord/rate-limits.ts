/** One per-route bucket: `limit` requests per `windowMs`, counted per major parameter (channel, guild, webhook). */
export interface BucketRule {
  /** Sent as X-RateLimit-Bucket; routes sharing a hash share the counter, as on Discord. */
  hash: string;
  limit: number;
  windowMs: number;
}

/** The fake's rate-limit buckets (see DEFAULT_RATE_LIMITS for which routes use which). */
export type BucketName = "messageCreate" | "messageEdit" | "messageDelete" | "typing" | "reactions" | "threads" | "webhook" | "commands" | "default";

export interface RateLimitRules {
  /**
   * Requests per second across all bot-token routes (interaction callbacks and webhook-token routes are exempt, as
   * on Discord). The fake allows 10% more (rounded down) before answering 429: its one-second windows open when a
   * request arrives, the client's when it is sent, and a client pacing itself exactly to the limit must not be
   * punished for that skew.
   */
  globalPerSecond: number;
  buckets: Record<BucketName, BucketRule>;
}

/**
 * Limits like Discord's (numbers as observed on Discord: message creates and edits 5 per 5 s per channel,
 * webhooks 5 per 2 s, global 50/s). Override per test through `startFakeDiscord({ rateLimits })`.
 */
export const DEFAULT_RATE_LIMITS = {
  globalPerSecond: 50,
  buckets: {
    messageCreate: { hash: "fake-msg-create", limit: 5, windowMs: 5000 },
    messageEdit: { hash: "fake-msg-edit", limit: 5, windowMs: 5000 },
    messageDelete: { hash: "fake-msg-delete", limit: 5, windowMs: 1000 },
    typing: { hash: "fake-typing", limit: 5, windowMs: 5000 },
    reactions: { hash: "fake-reactions", limit: 1, windowMs: 250 },
    threads: { hash: "fake-threads", limit: 10, windowMs: 10000 },
    webhook: { hash: "fake-webhook", limit: 5, windowMs: 2000 },
    commands: { hash: "fake-commands", limit: 10, windowMs: 10000 },
    default: { hash: "fake-default", limit: 50, windowMs: 1000 },
  },
} satisfies RateLimitRules;

/** Whether a request may proceed, with the headers to answer with either way. */
export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; headers: Record<string, string>; retryAfterMs: number; global: boolean };

interface Window {
  resetAt: number;
  remaining: number;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * Fixed windows that open with the first request, like Discord's buckets. Runs on the real clock (discord.js
 * waits in real time), not on the fake's test clock.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private global: Window = { resetAt: 0, remaining: 0 };

  constructor(
    private readonly rules: RateLimitRules,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request against the global limit (when `countsGlobal`) and the bucket `rule` for `majorKey`. */
  take(rule: BucketRule | null, majorKey: string, countsGlobal: boolean): RateDecision {
    const now = this.now();
    if (countsGlobal) {
      if (now >= this.global.resetAt) this.global = { resetAt: now + 1000, remaining: this.rules.globalPerSecond + Math.floor(this.rules.globalPerSecond / 10) };
      if (this.global.remaining <= 0) {
        const retryAfterMs = this.global.resetAt - now;
        return { allowed: false, retryAfterMs, global: true, headers: { "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", "Retry-After": seconds(retryAfterMs) } };
      }
    }
    if (rule === null) {
      if (countsGlobal) this.global.remaining -= 1;
      return { allowed: true, headers: {} };
    }
    const key = `${rule.hash}:${majorKey}`;
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { resetAt: now + rule.windowMs, remaining: rule.limit };
      this.windows.set(key, window);
    }
    const headers = (remaining: number): Record<string, string> => ({
      "X-RateLimit-Limit": String(rule.limit),
      "X-RateLimit-Remaining": String(remaining),
      "X-RateLimit-Reset": seconds(window.resetAt),
      "X-RateLimit-Reset-After": seconds(window.resetAt - now),
      "X-RateLimit-Bucket": rule.hash,
    });
    if (window.remaining <= 0) {
      const retryAfterMs = window.resetAt - now;
      return { allowed: false, retryAfterMs, global: false, headers: { ...headers(0), "X-RateLimit-Scope": "user", "Retry-After": seconds(retryAfterMs) } };
    }
    window.remaining -= 1;
    if (countsGlobal) this.global.remaining -= 1;
    return { allowed: true, headers: headers(window.remaining) };
  }
}
