import { describe, expect, it } from "vitest";
import { batchClientRequestToken, batchJobName, checkRunId, createRunId, JOB_NAME_PREFIX } from "../../../../src/bedrock/batch/jobs/job-names.ts";

// CreateModelInvocationJob constraints, copied from the API reference (not from the source under test).
const AWS_JOB_NAME = new RegExp("^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\\+\\-\\.]){0,63}$");
const AWS_TOKEN = /^[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}$/;

describe("job names and client request tokens", () => {
  it("GIVEN a generated run id WHEN jobs are named THEN the names fit AWS's pattern and 63 characters, even at job 99999", () => {
    const runId = createRunId(new Date("2025-03-01T14:22:33.456Z"), () => "k3x9qa");
    expect(runId).toBe("20250301-142233-k3x9qa");
    for (const index of [1, 12, 99_999]) {
      const name = batchJobName(runId, index);
      expect(name).toMatch(AWS_JOB_NAME);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name.startsWith(JOB_NAME_PREFIX)).toBe(true);
    }
  });

  it("GIVEN the longest run id allowed WHEN a job is named THEN it still fits", () => {
    const runId = checkRunId("a".repeat(53));
    expect(batchJobName(runId, 99_999)).toMatch(AWS_JOB_NAME);
    expect(batchJobName(runId, 99_999).length).toBeLessThanOrEqual(63);
  });

  it("GIVEN run ids a user typed WHEN checked THEN unusable ones are refused with a sentence", () => {
    for (const bad of ["", "Upper", "has space", "a--b", "-lead", "trail-", "a".repeat(54), "dots.not.allowed"]) {
      expect(() => checkRunId(bad)).toThrow(/not a usable run id/);
    }
    expect(checkRunId("nightly-2025-03-01")).toBe("nightly-2025-03-01");
  });

  it("GIVEN the same run, index and input folder WHEN a token is derived twice THEN it is the same, valid, and differs for any other job", () => {
    const token = batchClientRequestToken("run-1", 1, "s3://b/p/runs/run-1/job-1/input/");
    expect(token).toMatch(AWS_TOKEN);
    expect(token).toHaveLength(64);
    expect(batchClientRequestToken("run-1", 1, "s3://b/p/runs/run-1/job-1/input/")).toBe(token);
    expect(batchClientRequestToken("run-1", 2, "s3://b/p/runs/run-1/job-2/input/")).not.toBe(token);
    expect(batchClientRequestToken("run-2", 1, "s3://b/p/runs/run-1/job-1/input/")).not.toBe(token);
  });

  it("GIVEN two run ids created in the same second THEN the random tail keeps them apart", () => {
    const now = new Date("2025-03-01T14:22:33Z");
    expect(createRunId(now)).not.toBe(createRunId(now));
    expect(createRunId(now)).toMatch(/^20250301-142233-[a-z0-9]{6}$/);
  });
});
