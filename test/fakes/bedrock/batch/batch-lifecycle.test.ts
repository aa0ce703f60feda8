import { GetModelInvocationJobCommand, StopModelInvocationJobCommand } from "@aws-sdk/client-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caught } from "../fake-bedrock-test-kit.ts";
import { converseRecords, createJob, outputLines, putObject, readOutputs, startBatchKit, toJsonl } from "./batch-test-kit.ts";
import type { BatchKit } from "./batch-test-kit.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let kit: BatchKit;

beforeAll(async () => {
  kit = await startBatchKit();
});
beforeEach(() => kit.fake.reset());
afterAll(async () => {
  await kit.close();
});

async function getJob(jobIdentifier: string) {
  return kit.control.send(new GetModelInvocationJobCommand({ jobIdentifier }));
}

/** Uploads `count` Converse records under `in/<folder>/` and creates a job named after the folder. */
async function jobOver(folder: string, count: number, extra: Parameters<typeof createJob>[1] = {}): Promise<string> {
  await putObject(kit, `in/${folder}/records.jsonl`, toJsonl(converseRecords(count)));
  return createJob(kit, { jobName: folder, inputKey: `in/${folder}/`, ...extra });
}

describe("batch job lifecycle", () => {
  it("GIVEN a valid job WHEN ticked THEN it walks Submitted -> Validating -> Scheduled -> InProgress -> Completed with counters and times", async () => {
    const arn = await jobOver("walk", 6);
    const submitted = kit.fake.now();
    const seen: unknown[] = [];
    for (let step = 0; step < 6; step++) {
      const job = await getJob(arn);
      seen.push([job.status, job.totalRecordCount, job.processedRecordCount, job.successRecordCount, job.errorRecordCount]);
      if (step < 5) await kit.fake.tick();
    }

    expect(seen).toEqual([
      ["Submitted", 0, 0, 0, 0],
      ["Validating", 0, 0, 0, 0],
      ["Scheduled", 6, 0, 0, 0],
      ["InProgress", 6, 0, 0, 0],
      ["InProgress", 6, 3, 3, 0],
      ["Completed", 6, 6, 6, 0],
    ]);
    const done = await getJob(arn);
    expect(done.submitTime).toEqual(new Date(submitted));
    expect(done.endTime).toEqual(new Date(submitted + 5 * MINUTE));
    expect(done.lastModifiedTime).toEqual(done.endTime);
    expect(done.jobExpirationTime).toEqual(new Date(submitted + 168 * HOUR));
    expect(done.message).toBeUndefined();
  });

  it("GIVEN a completed job THEN its output holds one line per record, shuffled, modelInput echoed, and a manifest with the counts", async () => {
    const arn = await jobOver("outputs", 40);
    await kit.fake.batch.settle();

    const job = kit.fake.batch.job(arn)!;
    const files = await readOutputs(kit, job.outputPrefix);
    expect(Object.keys(files).sort()).toEqual(["manifest.json.out", "records.jsonl.out"]);
    const lines = outputLines(files["records.jsonl.out"]);
    const inputIds = converseRecords(40).map((record) => record.recordId);
    expect(lines.map((line) => line.recordId).sort()).toEqual(inputIds);
    expect(lines.map((line) => line.recordId)).not.toEqual(inputIds);
    const first = lines.find((line) => line.recordId === "R007")!;
    expect(first.modelInput).toEqual(converseRecords(40)[7]!.modelInput);
    expect(first.modelOutput.output.message.content).toEqual([{ text: "echo: question 7" }]);
    expect(first.modelOutput.stopReason).toBe("end_turn");
    expect(JSON.parse(files["manifest.json.out"]!)).toEqual({
      totalRecordCount: 40,
      processedRecordCount: 40,
      successRecordCount: 40,
      errorRecordCount: 0,
      inputTokenCount: job.inputTokenCount,
      outputTokenCount: job.outputTokenCount,
    });
    expect(job.inputTokenCount).toBeGreaterThan(0);
  });

  it("GIVEN two input files in the folder WHEN the job completes THEN each gets its own .out file", async () => {
    await putObject(kit, "in/two-files/a.jsonl", toJsonl(converseRecords(3, "A")));
    await putObject(kit, "in/two-files/b.jsonl", toJsonl(converseRecords(3, "B")));
    await putObject(kit, "in/two-files/notes.txt", "not an input");
    const arn = await createJob(kit, { jobName: "two-files", inputKey: "in/two-files/" });
    await kit.fake.batch.settle();

    const files = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    expect(Object.keys(files).sort()).toEqual(["a.jsonl.out", "b.jsonl.out", "manifest.json.out"]);
    expect(outputLines(files["b.jsonl.out"]).map((line) => line.recordId).sort()).toEqual(["B000", "B001", "B002"]);
  });

  it("GIVEN a job WHEN read by id and by ARN THEN both answer the same job", async () => {
    const arn = await jobOver("by-id", 4);
    const jobId = arn.split("/").at(-1)!;

    expect(arn).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:model-invocation-job\/[a-z0-9]{12}$/);
    const [byId, byArn] = await Promise.all([getJob(jobId), getJob(arn)]);
    expect(byId.jobArn).toBe(arn);
    expect({ ...byId, $metadata: undefined }).toEqual({ ...byArn, $metadata: undefined });
    expect(kit.fake.batch.requests.filter((request) => request.operation === "GetModelInvocationJob").map((request) => request.jobIdentifier)).toEqual([
      jobId,
      arn,
    ]);
  });

  it("GIVEN an unknown or malformed job identifier WHEN Get is called THEN ResourceNotFoundException or ValidationException", async () => {
    const missing = await caught(() => getJob("abcdefabcdef"));
    const malformed = await caught(() => getJob("not-a-job"));

    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(["ResourceNotFoundException", 404]);
    expect(malformed.name).toBe("ValidationException");
    expect(malformed.message).toMatch(/^1 validation error detected: Value 'not-a-job' at 'jobIdentifier' failed to satisfy constraint/);
  });

  it("GIVEN failed records WHEN the job ends THEN it is PartiallyCompleted with error lines and counts", async () => {
    kit.fake.batch.failRecords(["R001", "R004"], { errorCode: 400, errorMessage: "Malformed input request: bad record" });
    const arn = await jobOver("partial", 6);
    await kit.fake.batch.settle();

    const job = await getJob(arn);
    expect([job.status, job.successRecordCount, job.errorRecordCount]).toEqual(["PartiallyCompleted", 4, 2]);
    const files = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    const errors = outputLines(files["records.jsonl.out"]).filter((line) => line.error !== undefined);
    expect(errors.map((line) => line.recordId).sort()).toEqual(["R001", "R004"]);
    expect(errors[0]).toEqual({
      recordId: errors[0]!.recordId,
      modelInput: expect.any(Object),
      error: { errorCode: 400, errorMessage: "Malformed input request: bad record" },
    });
    expect(JSON.parse(files["manifest.json.out"]!)).toMatchObject({ processedRecordCount: 6, successRecordCount: 4, errorRecordCount: 2 });
  });

  it("GIVEN failed records and a scripted Completed outcome WHEN the job ends THEN it is Completed with errorRecordCount > 0", async () => {
    kit.fake.batch.failRecords((record) => record.line === 2);
    kit.fake.batch.scriptOutcome("lenient", "Completed");
    const arn = await jobOver("lenient", 4);
    await kit.fake.batch.settle();

    const job = await getJob(arn);
    expect([job.status, job.errorRecordCount]).toEqual(["Completed", 1]);
  });

  it("GIVEN a scripted reply for a record WHEN the job runs THEN that record's modelOutput carries it", async () => {
    kit.fake.batch.replyRecords(["R002"], { text: "scripted answer", usage: { inputTokens: 10, outputTokens: 2 } });
    const arn = await jobOver("scripted-reply", 4);
    await kit.fake.batch.settle();

    const files = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    const line = outputLines(files["records.jsonl.out"]).find((output) => output.recordId === "R002")!;
    expect(line.modelOutput.output.message.content).toEqual([{ text: "scripted answer" }]);
    expect(line.modelOutput.usage).toEqual({ inputTokens: 10, outputTokens: 2, totalTokens: 12 });
  });

  it("GIVEN a scripted failure WHEN validation ends THEN the job is Failed with that message and writes nothing", async () => {
    kit.fake.batch.scriptOutcome("doomed", "Failed", "Internal failure: the model is unavailable.");
    const arn = await jobOver("doomed-job", 4);
    await kit.fake.batch.settle();

    const job = await getJob(arn);
    expect([job.status, job.message, job.totalRecordCount]).toEqual(["Failed", "Internal failure: the model is unavailable.", 0]);
    expect(await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix)).toEqual({});
  });

  it("GIVEN a job halfway through WHEN stopped THEN Stopping, then Stopped with the processed records' outputs only", async () => {
    const arn = await jobOver("stop-me", 6);
    for (let step = 0; step < 4; step++) await kit.fake.tick();
    expect((await getJob(arn)).processedRecordCount).toBe(3);

    await kit.control.send(new StopModelInvocationJobCommand({ jobIdentifier: arn }));
    expect((await getJob(arn)).status).toBe("Stopping");
    await kit.fake.tick();

    const job = await getJob(arn);
    expect([job.status, job.processedRecordCount, job.totalRecordCount]).toEqual(["Stopped", 3, 6]);
    const files = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    expect(outputLines(files["records.jsonl.out"])).toHaveLength(3);
    expect(JSON.parse(files["manifest.json.out"]!)).toMatchObject({ totalRecordCount: 6, processedRecordCount: 3 });
  });

  it("GIVEN a finished job WHEN stopped THEN ValidationException; a stopping job may be stopped again", async () => {
    const finished = await jobOver("finished", 4);
    await kit.fake.batch.settle();
    const stopping = await jobOver("stopping", 4);
    await kit.control.send(new StopModelInvocationJobCommand({ jobIdentifier: stopping }));

    const error = await caught(() => kit.control.send(new StopModelInvocationJobCommand({ jobIdentifier: finished })));
    await kit.control.send(new StopModelInvocationJobCommand({ jobIdentifier: stopping }));

    expect(error.name).toBe("ValidationException");
    expect((await getJob(stopping)).status).toBe("Stopping");
  });

  it("GIVEN no capacity WHEN the timeout passes with the job still Scheduled THEN it is Expired at jobExpirationTime", async () => {
    kit.fake.batch.pauseStarts(true);
    const arn = await jobOver("waits", 4, { timeoutDurationInHours: 24 });
    await kit.fake.advance(3 * MINUTE);
    expect((await getJob(arn)).status).toBe("Scheduled");

    await kit.fake.advance(24 * HOUR);

    const job = await getJob(arn);
    expect(job.status).toBe("Expired");
    expect(job.endTime).toEqual(job.jobExpirationTime);
    expect(job.message).toMatch(/did not start within its timeout of 24 hours/);
  });

  it("GIVEN a scripted expiry WHEN the job leaves Scheduled THEN it is Expired with the scripted message", async () => {
    kit.fake.batch.scriptOutcome("late", "Expired", "Expired: not started in time.");
    const arn = await jobOver("late-job", 4);
    await kit.fake.batch.settle();

    expect((await getJob(arn)).status).toBe("Expired");
    expect((await getJob(arn)).message).toBe("Expired: not started in time.");
  });

  it("GIVEN a slow job WHEN it times out InProgress THEN it is PartiallyCompleted with what was processed", async () => {
    kit.fake.batch.configure({ progressPerStep: 0.25, stepMs: { InProgress: 10 * HOUR } });
    const arn = await jobOver("slow", 8, { timeoutDurationInHours: 24 });

    await kit.fake.advance(25 * HOUR);

    const job = await getJob(arn);
    expect([job.status, job.processedRecordCount]).toEqual(["PartiallyCompleted", 4]);
    expect(job.message).toMatch(/timed out after 24 hours/);
    const files = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    expect(outputLines(files["records.jsonl.out"])).toHaveLength(4);
  });

  it("GIVEN jobs created at different times WHEN advanced THEN each steps when its own step falls due", async () => {
    const early = await jobOver("early", 4);
    await kit.fake.advance(30_000);
    const late = await jobOver("late", 4);

    await kit.fake.advance(90_000);

    expect([(await getJob(early)).status, (await getJob(late)).status]).toEqual(["Scheduled", "Validating"]);
    expect((await getJob(early)).lastModifiedTime).toEqual(new Date((await getJob(late)).submitTime!.getTime() + 90_000));
  });
});
