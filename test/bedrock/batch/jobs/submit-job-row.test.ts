import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BatchJobRow } from "../../../../src/bedrock/batch/jobs/batch-job-row.ts";
import { openBatchStore, type BatchStore } from "../../../../src/bedrock/batch/jobs/batch-store.ts";
import { stopBatchJob } from "../../../../src/bedrock/batch/jobs/stop-batch-job.ts";
import { submitJobRow } from "../../../../src/bedrock/batch/jobs/submit-job-row.ts";
import { jobRow } from "./job-row-fixture.ts";
import { awsError, createScriptedBatchControl, type ScriptedBatchControl } from "./scripted-batch-control.ts";

let store: BatchStore;
let control: ScriptedBatchControl;
const now = () => new Date("2025-03-01T10:05:00Z");

beforeEach(async () => {
  store = openBatchStore(`sqlite://${join(await mkdtemp(join(tmpdir(), "batch-store-")), "bot.sqlite")}`);
  control = createScriptedBatchControl();
});
afterEach(async () => store.close());

describe("submitJobRow: the store row before and after CreateModelInvocationJob", () => {
  it("GIVEN a new row WHEN submitted THEN the row is stored as submitting BEFORE the call and as Submitted with the ARN after", async () => {
    const seenDuringCreate: (BatchJobRow | undefined)[] = [];
    control.beforeCreate = async (input) => {
      seenDuringCreate.push(await store.jobs.get(input.jobName ?? ""));
    };
    const row = jobRow();
    const after = await submitJobRow({ control, store, now }, row);

    expect(seenDuringCreate).toHaveLength(1);
    expect(seenDuringCreate[0]).toMatchObject({ jobName: row.jobName, state: "submitting", clientRequestToken: row.clientRequestToken });
    expect(seenDuringCreate[0]?.jobArn).toBeUndefined();
    expect(after).toMatchObject({ state: "Submitted", jobArn: expect.stringMatching(/model-invocation-job\//), submittedAt: now().toISOString() });
    expect(await store.jobs.get(row.jobName)).toEqual(after);
    expect(control.calls).toEqual([{ operation: "create", input: row.request }]);
  });

  it("GIVEN the process died after Bedrock accepted the job WHEN the submitting row is sent again THEN the same token returns the same job", async () => {
    control.beforeCreate = async () => {
      control.beforeCreate = undefined;
      // Bedrock creates the job, but the answer never arrives.
      await control.create(jobRow().request);
      throw new Error("process killed");
    };
    const row = jobRow();
    await expect(submitJobRow({ control, store, now }, row)).rejects.toThrow("process killed");
    const left = await store.jobs.get(row.jobName);
    expect(left?.state).toBe("submitting");

    const resent = await submitJobRow({ control, store, now }, left!);
    expect(control.jobs.size).toBe(1);
    expect(resent.jobArn).toBe([...control.jobs.keys()][0]);
    const creates = control.calls.filter((call) => call.operation === "create");
    expect(new Set(creates.map((call) => JSON.stringify(call.input))).size).toBe(1);
  });

  it("GIVEN AWS's job quota is full WHEN submitted THEN the row waits as queued with a message, not failed", async () => {
    control.createErrors.push(awsError("ServiceQuotaExceededException", 400, "You have reached the quota of 20 jobs"));
    const after = await submitJobRow({ control, store, now }, jobRow());
    expect(after.state).toBe("queued");
    expect(after.message).toMatch(/quota of running batch jobs .* is reached/);
    expect((await store.jobs.get(after.jobName))?.state).toBe("queued");
  });

  it("GIVEN Bedrock refuses the request WHEN submitted THEN create_failed with Bedrock's reason", async () => {
    control.createErrors.push(awsError("ValidationException", 400, "1 validation error detected: Value at 'roleArn' failed"));
    const after = await submitJobRow({ control, store, now }, jobRow());
    expect(after).toMatchObject({ state: "create_failed", message: expect.stringContaining("roleArn") });
  });

  it("GIVEN Bedrock is throttling WHEN submitted THEN the row stays submitting, to be sent again with the same token", async () => {
    control.createErrors.push(awsError("ThrottlingException", 429));
    const after = await submitJobRow({ control, store, now }, jobRow());
    expect(after.state).toBe("submitting");
    expect(after.jobArn).toBeUndefined();
  });
});

describe("stopBatchJob", () => {
  it("GIVEN a submitted job WHEN stopped THEN StopModelInvocationJob is called and the row is Stopping", async () => {
    const submitted = await submitJobRow({ control, store, now }, jobRow());
    const stopped = await stopBatchJob({ control, store, now }, submitted);
    expect(stopped.state).toBe("Stopping");
    expect(control.calls.at(-1)).toEqual({ operation: "stop", jobIdentifier: submitted.jobArn });
  });

  it("GIVEN a queued row never sent WHEN stopped THEN it is Stopped locally without calling Bedrock", async () => {
    const queued = { ...jobRow({ state: "queued" }) };
    await store.jobs.put(queued.jobName, queued);
    const stopped = await stopBatchJob({ control, store, now }, queued);
    expect(stopped).toMatchObject({ state: "Stopped", message: "Cancelled before it was submitted." });
    expect(control.calls).toEqual([]);
  });

  it("GIVEN a job that ended meanwhile WHEN stopped THEN the row records how it ended", async () => {
    const submitted = await submitJobRow({ control, store, now }, jobRow());
    control.set(submitted.jobArn!, { status: "Completed", totalRecordCount: 100, processedRecordCount: 100, successRecordCount: 100, errorRecordCount: 0 });
    const ended = await stopBatchJob({ control, store, now }, submitted);
    expect(ended.state).toBe("Completed");
  });

  it("GIVEN a finished job WHEN stopped THEN a sentence says there is nothing to stop", async () => {
    await expect(stopBatchJob({ control, store, now }, { ...jobRow(), state: "Completed" })).rejects.toThrow(/already completed/);
  });
});
