import { describe, expect, it } from "vitest";
import { formatDuration } from "../../../src/bot/render/format-duration.ts";
import { parseNoticeMarker } from "../../../src/bot/batch/job-notice-marker.ts";
import { decideStatusEdit, estimateTimeLeft, progressBar, renderJobProgress, type JobProgressInput } from "../../../src/bot/batch/render-job-progress.ts";

const JOB = "bdb-20250301-ab12cd-1";

function progress(overrides: Partial<JobProgressInput> = {}): JobProgressInput {
  return {
    jobName: JOB,
    model: "nova-lite",
    state: "InProgress",
    counters: { total: 1000, processed: 310, succeeded: 307, failed: 3 },
    startedAt: "2025-03-01T10:00:00.000Z",
    inProgressSince: "2025-03-01T10:20:00.000Z",
    now: new Date("2025-03-01T11:12:00.000Z"),
    ...overrides,
  };
}

describe("renderJobProgress", () => {
  it("GIVEN a job in progress WHEN rendered THEN a bar from the counters, how long it runs and about how long is left", () => {
    expect(renderJobProgress(progress()).split("\n")).toEqual([
      "⏳ Batch job on **nova-lite** · in progress",
      "`██████░░░░░░░░░░░░░░` 31% · 310 of 1,000 records · 3 failed",
      // 310 records in 52 min since InProgress: 690 more take about 1 h 55 min.
      "Running for 1 h 12 min · about 1 h 55 min left",
      `-# ${JOB} · I'll post the results here when it finishes.`,
    ]);
  });

  it("GIVEN a job validating or scheduled WHEN rendered THEN no bar (no counters yet) and no estimate", () => {
    const scheduled = renderJobProgress(progress({ state: "Scheduled", counters: { total: 0, processed: 0, succeeded: 0, failed: 0 }, message: "Waiting for capacity." }));

    expect(scheduled.split("\n")).toEqual([
      "⏳ Batch job on **nova-lite** · scheduled, waiting for capacity",
      "Running for 1 h 12 min",
      "> Waiting for capacity.",
      `-# ${JOB} · I'll post the results here when it finishes.`,
    ]);
  });

  it("GIVEN any status WHEN rendered THEN no line carries the notice marker the exactly-once scan looks for", () => {
    const texts = (["Submitted", "InProgress", "Completed", "Stopping"] as const).map((state) => renderJobProgress(progress({ state })));
    expect(texts.flatMap((text) => text.split("\n")).map(parseNoticeMarker).filter((marker) => marker !== undefined)).toEqual([]);
    expect(renderJobProgress(progress({ state: "Completed" })).split("\n").at(-1)).toBe(`-# ${JOB} · The results follow in a new message.`);
  });
});

describe("estimateTimeLeft", () => {
  it("GIVEN counters that say nothing about a rate WHEN estimated THEN no estimate", () => {
    const none = [
      progress({ state: "Scheduled" }),
      progress({ counters: { total: 1000, processed: 0, succeeded: 0, failed: 0 } }),
      progress({ counters: { total: 1000, processed: 1000, succeeded: 1000, failed: 0 } }),
      progress({ counters: undefined }),
      progress({ inProgressSince: "2025-03-01T11:12:00.000Z" }),
    ];
    expect(none.map(estimateTimeLeft)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(estimateTimeLeft(progress({ inProgressSince: undefined }))).toBe((690 * 72 * 60_000) / 310);
  });
});

describe("decideStatusEdit", () => {
  const postedAt = "2025-03-01T10:00:00.000Z";
  it("GIVEN a status message WHEN its text changed THEN edited while younger than 55 minutes, never after", () => {
    expect([
      decideStatusEdit({ postedAt, now: new Date("2025-03-01T10:54:59.999Z"), shown: "a", next: "b" }),
      decideStatusEdit({ postedAt, now: new Date("2025-03-01T10:30:00.000Z"), shown: "a", next: "a" }),
      decideStatusEdit({ postedAt, now: new Date("2025-03-01T10:55:00.000Z"), shown: "a", next: "b" }),
      decideStatusEdit({ postedAt, now: new Date("2025-03-02T10:00:00.000Z"), shown: "a", next: "b" }),
    ]).toEqual(["edit", "unchanged", "too_old", "too_old"]);
  });
});

describe("progressBar and formatDuration", () => {
  it("GIVEN shares and durations WHEN formatted THEN bounded bars and readable times", () => {
    expect([progressBar(0, 4), progressBar(0.5, 4), progressBar(1.7, 4), progressBar(-1, 4)]).toEqual(["░░░░", "██░░", "████", "░░░░"]);
    expect([0, 59_999, 60_000, 3_600_000, 3_660_000, 86_400_000, 90_000_000, -5].map(formatDuration)).toEqual([
      "under a minute",
      "under a minute",
      "1 min",
      "1 h",
      "1 h 1 min",
      "1 d",
      "1 d 1 h",
      "under a minute",
    ]);
  });
});
