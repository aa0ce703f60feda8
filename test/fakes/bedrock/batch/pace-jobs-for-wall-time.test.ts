import { describe, expect, it } from "vitest";
import { paceJobsForWallTime } from "./pace-jobs-for-wall-time.ts";

describe("paceJobsForWallTime", () => {
  it("GIVEN 10 s and half the records per step WHEN paced THEN a completed job's steps add up to 10 s, and processing starts after 3 s", () => {
    const steps = paceJobsForWallTime(10_000, 0.5);

    expect(steps.Submitted + steps.Validating + steps.Scheduled).toBeCloseTo(3_000, 6);
    expect(steps.Scheduled).toBeCloseTo(steps.Submitted / 10, 6);
    expect(steps.InProgress).toBeCloseTo(3_500, 6);
    expect(steps.Submitted + steps.Validating + steps.Scheduled + 2 * steps.InProgress).toBeCloseTo(10_000, 6);
  });

  it("GIVEN a job length of zero WHEN paced THEN it is refused (zero-length steps would never let time pass)", () => {
    expect(() => paceJobsForWallTime(0, 0.5)).toThrow(RangeError);
  });
});
