/** A clock tests move by hand (for `startFakeDiscord({ clock: clock.now })`): age messages, expire interactions. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A clock that stands at `start` until advanced. */
export function createManualClock(start = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
