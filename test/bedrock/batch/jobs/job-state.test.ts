import { describe, expect, it } from "vitest";
import { applyJobSummary, rowChanged } from "../../../../src/bedrock/batch/jobs/apply-job-summary.ts";
import type { BatchJobRow } from "../../../../src/bedrock/batch/jobs/batch-job-row.ts";
import { isFailureState, jobStateTraits } from "../../../../src/bedrock/batch/jobs/job-state.ts";
import { jobRow } from "./job-row-fixture.ts";

describe("job states", () => {
  it("GIVEN every AWS status THEN terminal ones are exactly Completed, PartiallyCompleted, Failed, Stopped, Expired, and outputs are read where they can exist", () => {
    const statuses = ["Submitted", "Validating", "Scheduled", "InProgress", "Stopping", "Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"] as const;
    const traits = Object.fromEntries(statuses.map((status) => [status, jobStateTraits(status)]));
    expect(statuses.filter((status) => traits[status]!.terminal)).toEqual(["Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"]);
    expect(statuses.filter((status) => traits[status]!.mayHaveOutput)).toEqual(["Completed", "PartiallyCompleted", "Stopped"]);
    expect(statuses.filter((status) => traits[status]!.holdsSlot)).toEqual(["Submitted", "Validating", "Scheduled", "InProgress", "Stopping"]);
    expect(statuses.filter(isFailureState)).toEqual(["Failed", "Expired"]);
  });

  it("GIVEN local states THEN queued holds no slot, submitting holds one (the job may exist), create_failed is a terminal failure", () => {
    expect(jobStateTraits("queued")).toMatchObject({ terminal: false, holdsSlot: false });
    expect(jobStateTraits("submitting")).toMatchObject({ terminal: false, holdsSlot: true });
    expect(jobStateTraits("create_failed")).toMatchObject({ terminal: true, holdsSlot: false });
    expect(isFailureState("create_failed")).toBe(true);
  });
});

describe("applyJobSummary", () => {
  const now = new Date("2025-03-01T12:00:00Z");
  const submitted: BatchJobRow = { ...jobRow(), state: "Submitted", jobArn: "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl", message: "waiting for a free slot" };

  it("GIVEN an in-progress summary THEN state and counters are taken, our stale message dropped, Bedrock's submit time kept", () => {
    const next = applyJobSummary(
      submitted,
      { status: "InProgress", submitTime: new Date("2025-03-01T11:00:00Z"), totalRecordCount: 250, processedRecordCount: 100, successRecordCount: 98, errorRecordCount: 2 },
      now,
    );
    expect(next).toMatchObject({ state: "InProgress", counters: { total: 250, processed: 100, succeeded: 98, failed: 2 }, awsSubmitTime: "2025-03-01T11:00:00.000Z", updatedAt: now.toISOString() });
    expect(next.message).toBeUndefined();
    expect(next.endedAt).toBeUndefined();
  });

  it("GIVEN a Failed summary with a message THEN the message and the end time are kept", () => {
    const next = applyJobSummary(submitted, { status: "Failed", message: "The job has 3 records, fewer than the minimum of 100.", endTime: new Date("2025-03-01T11:30:00Z") }, now);
    expect(next).toMatchObject({ state: "Failed", message: "The job has 3 records, fewer than the minimum of 100.", endedAt: "2025-03-01T11:30:00.000Z" });
  });

  it("GIVEN the same summary twice THEN the second changes nothing but the update time", () => {
    const summary = { status: "Scheduled" as const, totalRecordCount: 250, processedRecordCount: 0, successRecordCount: 0, errorRecordCount: 0 };
    const once = applyJobSummary(submitted, summary, now);
    const twice = applyJobSummary(once, summary, new Date(now.getTime() + 60_000));
    expect(rowChanged(submitted, once)).toBe(true);
    expect(rowChanged(once, twice)).toBe(false);
  });
});
