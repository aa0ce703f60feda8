import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openBatchStore, type BatchStore } from "../../../../src/bedrock/batch/jobs/batch-store.ts";
import { pollBatchJobs, type PollSettings } from "../../../../src/bedrock/batch/jobs/poll-batch-jobs.ts";
import { submitJobRow } from "../../../../src/bedrock/batch/jobs/submit-job-row.ts";
import { jobRow } from "./job-row-fixture.ts";
import { createScriptedBatchControl, type ScriptedBatchControl } from "./scripted-batch-control.ts";

let store: BatchStore;
let control: ScriptedBatchControl;
const now = () => new Date("2025-03-01T10:05:00Z");
const settings: PollSettings = { maxConcurrentJobs: () => 2, basePollSeconds: 60 };
const deps = () => ({ store, controlFor: () => control, now });

beforeEach(async () => {
  store = openBatchStore(`sqlite://${join(await mkdtemp(join(tmpdir(), "batch-poll-")), "bot.sqlite")}`);
  control = createScriptedBatchControl();
});
afterEach(async () => store.close());

async function submitted(count: number): Promise<string[]> {
  const arns: string[] = [];
  for (let index = 1; index <= count; index++) arns.push((await submitJobRow({ control, store, now }, jobRow({ index }))).jobArn!);
  control.calls.length = 0;
  return arns;
}

describe("pollBatchJobs", () => {
  it("GIVEN 30 tracked jobs over several List pages WHEN polled THEN one paginated List pass updates them all, with no Get", async () => {
    const arns = await submitted(30);
    control.pageSize = 7;
    arns.forEach((arn, index) => control.set(arn, { status: index % 2 === 0 ? "InProgress" : "Scheduled", totalRecordCount: 100, processedRecordCount: 10 }));

    const result = await pollBatchJobs(deps(), settings);

    expect(control.calls.filter((call) => call.operation === "list")).toHaveLength(5);
    expect(control.calls.filter((call) => call.operation === "get")).toHaveLength(0);
    const first = control.calls[0];
    expect(first?.operation === "list" && first.input).toMatchObject({ nameContains: "bdb-", maxResults: 1000 });
    expect(result.rows.map((row) => row.state).filter((state) => state === "InProgress")).toHaveLength(15);
    expect(result.changed).toHaveLength(30);
    expect(result.nextPollMs).toBe(60_000);
    expect((await store.jobs.all()).every((row) => row.counters?.processed === 10)).toBe(true);
  });

  it("GIVEN a job the List pass does not return WHEN polled THEN only that job is fetched with Get", async () => {
    const [shown, hidden] = await submitted(2);
    control.hiddenFromList.add(hidden!);
    control.set(hidden!, { status: "Completed" });
    control.set(shown!, { status: "Validating" });
    const result = await pollBatchJobs(deps(), settings);
    expect(control.calls.filter((call) => call.operation === "get")).toEqual([{ operation: "get", jobIdentifier: hidden }]);
    expect(result.rows.map((row) => row.state)).toEqual(["Validating", "Completed"]);
  });

  it("GIVEN every tracked job has Bedrock's submit time WHEN polled again THEN the List window starts an hour before the oldest", async () => {
    await submitted(1);
    await pollBatchJobs(deps(), settings);
    control.calls.length = 0;
    await pollBatchJobs(deps(), settings);
    const list = control.calls.find((call) => call.operation === "list");
    expect(list?.operation === "list" && list.input.submitTimeAfter).toEqual(new Date("2025-03-01T09:00:00Z"));
  });

  it("GIVEN two running jobs at the model's cap and a queued one WHEN one finishes THEN the next poll submits the queued row", async () => {
    const [first] = await submitted(2);
    const queued = jobRow({ index: 3, state: "queued" });
    await store.jobs.put(queued.jobName, queued);

    await pollBatchJobs(deps(), settings);
    expect((await store.jobs.get(queued.jobName))?.state).toBe("queued");
    expect(control.calls.some((call) => call.operation === "create")).toBe(false);

    control.set(first!, { status: "Completed" });
    const result = await pollBatchJobs(deps(), settings);
    expect(result.rows.find((row) => row.jobName === queued.jobName)).toMatchObject({ state: "Submitted", jobArn: expect.any(String) });
  });

  it("GIVEN a row left submitting by a crash WHEN polled THEN it is sent again with its stored request", async () => {
    const crashed = jobRow();
    await store.jobs.put(crashed.jobName, crashed);
    const result = await pollBatchJobs(deps(), settings);
    expect(control.calls[0]).toEqual({ operation: "create", input: crashed.request });
    expect(result.rows[0]).toMatchObject({ state: "Submitted" });
  });

  it("GIVEN only finished jobs WHEN polled THEN Bedrock is not called and no next poll is due", async () => {
    const done = { ...jobRow(), state: "Completed" as const, jobArn: "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl" };
    await store.jobs.put(done.jobName, done);
    const result = await pollBatchJobs(deps(), settings);
    expect(control.calls).toEqual([]);
    expect(result.nextPollMs).toBeUndefined();
  });
});
