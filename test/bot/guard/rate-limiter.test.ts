import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/bot/guard/rate-limiter.ts";

function clock(start = 0) {
  const state = { time: start };
  return { state, now: () => state.time };
}

describe("createRateLimiter", () => {
  it("GIVEN 3 per minute WHEN a 4th request comes THEN refused with the seconds until the oldest leaves the window", () => {
    const { state, now } = clock();
    const limiter = createRateLimiter({ perMinute: 3, now });

    const decisions = [0, 10_000, 20_000, 30_500].map((at) => {
      state.time = at;
      return limiter.take("alice");
    });

    expect(decisions).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 30, repeated: false, reason: "You're sending requests too quickly: try again in 30 seconds." },
    ]);
  });

  it("GIVEN a full window WHEN time passes THEN requests are allowed again; refusals did not count", () => {
    const { state, now } = clock();
    const limiter = createRateLimiter({ perMinute: 2, now });
    limiter.take("alice");
    state.time = 1_000;
    limiter.take("alice");
    state.time = 59_500;
    const refused = limiter.take("alice");
    state.time = 60_001;
    const again = limiter.take("alice");

    expect([refused, again]).toEqual([
      { allowed: false, retryAfterSeconds: 1, repeated: false, reason: "You're sending requests too quickly: try again in 1 second." },
      { allowed: true },
    ]);
  });

  it("GIVEN a refused user WHEN they ask again before the time they were told THEN repeated; once that time passed and they are refused again THEN told anew", () => {
    const { state, now } = clock();
    const limiter = createRateLimiter({ perMinute: 1, now });
    const repeatedAt = (at: number) => {
      state.time = at;
      const decision = limiter.take("alice");
      return decision.allowed ? "allowed" : decision.repeated;
    };

    // Allowed at 0; refused until 60 s (told at 1 s, quiet at 30 s); allowed at 61 s; refused until 121 s, told anew.
    expect([0, 1_000, 30_000, 61_000, 62_000, 90_000].map(repeatedAt)).toEqual(["allowed", false, true, "allowed", false, true]);
  });

  it("GIVEN two users WHEN one hits the limit THEN the other is unaffected", () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });

    expect([limiter.take("alice"), limiter.take("alice").allowed, limiter.take("bob")]).toEqual([{ allowed: true }, false, { allowed: true }]);
  });

  it("GIVEN a limit of 0 WHEN flooded THEN unlimited", () => {
    const limiter = createRateLimiter({ perMinute: 0, now: () => 0 });

    expect(Array.from({ length: 100 }, () => limiter.take("alice").allowed).every(Boolean)).toBe(true);
  });
});
