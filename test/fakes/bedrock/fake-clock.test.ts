import { describe, expect, it } from "vitest";
import { createFakeClock } from "./fake-clock.ts";

describe("createFakeClock", () => {
  it("GIVEN a base clock WHEN moved THEN now() is the base time plus every move", () => {
    let base = 1_000;
    const clock = createFakeClock({ now: () => base });

    clock.moveBy(500);
    base = 2_000;

    expect(clock.now()).toBe(2_500);
  });

  it("GIVEN no base clock THEN time stands still until moved; a negative move is refused", () => {
    const clock = createFakeClock();
    const start = clock.now();

    expect(clock.now()).toBe(start);
    clock.moveBy(60_000);
    expect(clock.now()).toBe(start + 60_000);
    expect(() => clock.moveBy(-1)).toThrow(RangeError);
  });
});
