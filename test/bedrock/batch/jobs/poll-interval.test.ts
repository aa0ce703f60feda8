import { describe, expect, it } from "vitest";
import type { JobRowState } from "../../../../src/bedrock/batch/jobs/batch-job-row.ts";
import { jobPollPace, nextPollIntervalMs, pollPaceSeconds } from "../../../../src/bedrock/batch/jobs/poll-interval.ts";

const row = (state: JobRowState, processed = 0, total = 0) => ({ state, counters: { total, processed, succeeded: processed, failed: 0 } });

describe("adaptive poll interval", () => {
  it("GIVEN each state THEN the pace follows how soon it changes", () => {
    const paces = Object.fromEntries(
      (["queued", "submitting", "create_failed", "Submitted", "Validating", "Scheduled", "InProgress", "Stopping", "Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"] as const).map(
        (state) => [state, jobPollPace(row(state))],
      ),
    );
    expect(paces).toEqual({
      queued: "base",
      submitting: "fast",
      create_failed: undefined,
      Submitted: "fast",
      Validating: "fast",
      Scheduled: "slow",
      InProgress: "base",
      Stopping: "fast",
      Completed: undefined,
      PartiallyCompleted: undefined,
      Failed: undefined,
      Stopped: undefined,
      Expired: undefined,
    });
  });

  it("GIVEN an in-progress job near its end THEN it is polled fast", () => {
    expect(jobPollPace(row("InProgress", 89, 100))).toBe("base");
    expect(jobPollPace(row("InProgress", 90, 100))).toBe("fast");
  });

  it("GIVEN a base of 60 s THEN fast is 15 s, slow 5 minutes; slow never exceeds 15 minutes nor drops under the base", () => {
    expect(pollPaceSeconds("fast", 60)).toBe(15);
    expect(pollPaceSeconds("base", 60)).toBe(60);
    expect(pollPaceSeconds("slow", 60)).toBe(300);
    expect(pollPaceSeconds("slow", 600)).toBe(900);
    expect(pollPaceSeconds("slow", 1200)).toBe(1200);
    expect(pollPaceSeconds("fast", 5)).toBe(5);
  });

  it("GIVEN several jobs THEN the most urgent decides; GIVEN only terminal jobs THEN there is no next poll", () => {
    expect(nextPollIntervalMs([row("Scheduled"), row("InProgress", 10, 100)], 60)).toBe(60_000);
    expect(nextPollIntervalMs([row("Scheduled"), row("Validating")], 60)).toBe(15_000);
    expect(nextPollIntervalMs([row("Scheduled"), row("Completed")], 60)).toBe(300_000);
    expect(nextPollIntervalMs([row("Completed"), row("Expired")], 60)).toBeUndefined();
    expect(nextPollIntervalMs([], 60)).toBeUndefined();
  });
});
