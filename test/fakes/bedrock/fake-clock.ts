/**
 * The fake's sense of time: an injected base clock plus an offset that tests move forward with `advance(ms)`, so job
 * lifecycles run without sleeping. Without a base clock, time stands still at the moment the fake started (nothing
 * moves unless a test moves it); the standalone runner passes the real clock instead.
 */

/** Milliseconds since the epoch, like `Date.now()`. */
export interface Clock {
  now(): number;
}

export interface FakeClock extends Clock {
  /** Moves this clock (not the base clock) forward by `ms`. */
  moveBy(ms: number): void;
}

export function createFakeClock(base?: Clock): FakeClock {
  const frozen = Date.now();
  const source = base ?? { now: () => frozen };
  let offset = 0;
  return {
    now: () => source.now() + offset,
    moveBy: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): expected a finite number >= 0, got ${ms}`);
      offset += ms;
    },
  };
}
