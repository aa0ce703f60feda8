import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BatchControl } from "../../../../src/bedrock/batch/jobs/batch-control-client.ts";
import { pollBatchJobs } from "../../../../src/bedrock/batch/jobs/poll-batch-jobs.ts";
import { planBatchRun, type BatchPlan } from "../../../../src/bedrock/batch/run/plan-batch-run.ts";
import { submitBatchRun, type SubmittedRun } from "../../../../src/bedrock/batch/run/submit-batch-run.ts";
import { waitForJobs } from "../../../../src/bedrock/batch/run/wait-for-jobs.ts";
import { createConverseClient, questionsCsv, startBatchRunKit, type BatchRunKit } from "./batch-run-kit.ts";

let kit: BatchRunKit;
beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());
beforeEach(async () => kit.freshTest());

async function plan(model = "nova-lite", rows = 100): Promise<BatchPlan> {
  return planBatchRun({
    sources: [{ kind: "file", filename: "questions.csv", bytes: questionsCsv(rows) }],
    model: kit.model(model),
    promptSpec: { mode: "template", template: "Answer briefly: {question}" },
    batch: kit.config.data.batch,
  });
}

function submit(planned: BatchPlan, runId: string, control: BatchControl = kit.control): Promise<SubmittedRun> {
  return submitBatchRun({
    plan: planned,
    runId,
    provider: "fake",
    batch: kit.config.data.batch,
    clients: { control, s3: kit.clients.s3, converse: createConverseClient(kit.clients.runtime) },
    store: kit.store,
    now: () => new Date(),
  });
}

const creates = () => kit.fake.batch.requests.filter((request) => request.operation === "CreateModelInvocationJob");

describe("a crash between the S3 upload and CreateModelInvocationJob", () => {
  it("GIVEN the process dies before Create is sent WHEN the poller resumes THEN exactly one job exists, created with the stored token", async () => {
    const crashing: BatchControl = { ...kit.control, create: () => Promise.reject(new Error("process killed")) };
    await expect(submit(await plan(), "crash-before", crashing)).rejects.toThrow("process killed");
    const [left] = await kit.store.jobs.all();
    expect(left).toMatchObject({ state: "submitting", jobName: "bdb-crash-before-1" });
    expect(kit.fake.batch.jobs()).toHaveLength(0);

    await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    expect(kit.fake.batch.jobs()).toHaveLength(1);
    expect(kit.fake.batch.jobs()[0]?.clientRequestToken).toBe(left?.clientRequestToken);
    expect((await kit.store.jobs.get("bdb-crash-before-1"))).toMatchObject({ state: "Submitted", jobArn: kit.fake.batch.jobs()[0]?.jobArn });
  });

  it("GIVEN Bedrock created the job but the answer was lost WHEN the same run is submitted again THEN the same token returns the same job: still exactly one", async () => {
    const losing: BatchControl = {
      ...kit.control,
      create: async (input) => {
        await kit.control.create(input);
        throw new Error("connection lost after the request was sent");
      },
    };
    const planned = await plan();
    await expect(submit(planned, "crash-after", losing)).rejects.toThrow("connection lost");
    expect(kit.fake.batch.jobs()).toHaveLength(1);

    const again = await submit(planned, "crash-after");
    expect(again.action === "batch" && again.jobs.map((row) => [row.state, row.jobArn])).toEqual([["Submitted", kit.fake.batch.jobs()[0]?.jobArn]]);
    expect(kit.fake.batch.jobs()).toHaveLength(1);
    expect(creates()).toHaveLength(2);
    expect(new Set(creates().map((request) => request.body.clientRequestToken)).size).toBe(1);
    await kit.fake.batch.settle();
    expect((await pollBatchJobs(kit.pollDeps(), kit.pollSettings)).rows.map((row) => row.state)).toEqual(["Completed"]);
  });
});

describe("waiting for jobs on the fake clock (batch submit --wait)", () => {
  it("GIVEN a submitted job WHEN waited for with the fake's clock as the sleep THEN it ends Completed, polled fast while validating and slowly while scheduled", async () => {
    const submitted = await submit(await plan(), "wait-run");
    const names = submitted.action === "batch" ? submitted.jobs.map((row) => row.jobName) : [];
    const sleeps: number[] = [];
    const ended = await waitForJobs(kit.pollDeps(), kit.pollSettings, names, {
      sleep: async (ms) => {
        sleeps.push(ms);
        await kit.fake.advance(ms);
      },
    });
    expect(ended.map((row) => row.state)).toEqual(["Completed"]);
    expect(sleeps[0]).toBe(15_000);
    expect(sleeps).toContain(300_000);
  });
});

describe("caps on running jobs", () => {
  it("GIVEN a model capped at 1 running job WHEN a second run is submitted THEN its job waits queued, and the poll after the first ends submits it", async () => {
    await submit(await plan("haiku"), "cap-first");
    const second = await submit(await plan("haiku"), "cap-second");
    expect(second.action === "batch" && second.jobs[0]).toMatchObject({ state: "queued", message: expect.stringContaining("the cap is 1") });
    expect(kit.fake.batch.jobs()).toHaveLength(1);

    kit.fake.batch.requests.length = 0;
    await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    expect(kit.fake.batch.requests.map((request) => request.operation)).toEqual(["ListModelInvocationJobs"]);
    await kit.fake.batch.settle();
    const polled = await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    expect(polled.rows.map((row) => [row.jobName, row.state])).toEqual([
      ["bdb-cap-first-1", "Completed"],
      ["bdb-cap-second-1", "Submitted"],
    ]);
  });

  it("GIVEN Bedrock's own quota is reached WHEN Create answers ServiceQuotaExceededException THEN the job waits queued, not failed, and is submitted later", async () => {
    kit.fake.batch.configure({ maxActiveJobsPerModel: 1 });
    await submit(await plan(), "quota-first");
    const second = await submit(await plan(), "quota-second");
    expect(second.action === "batch" && second.jobs[0]).toMatchObject({ state: "queued", message: expect.stringContaining("quota") });
    await kit.fake.batch.settle();
    const polled = await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    expect(polled.rows.map((row) => row.state)).toEqual(["Completed", "Submitted"]);
    expect(kit.fake.batch.jobs()).toHaveLength(2);
  });
});
