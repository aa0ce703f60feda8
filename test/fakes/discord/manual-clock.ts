/** A clock tests move by hand (for `startFakeDiscord({ clock: clock.now })`): age messages, expire interactions. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function createManualClock(start = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
