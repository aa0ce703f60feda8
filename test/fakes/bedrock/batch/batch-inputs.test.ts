import { GetModelInvocationJobCommand } from "@aws-sdk/client-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUCKET, converseRecords, createJob, outputLines, putObject, readOutputs, startBatchKit, toJsonl } from "./batch-test-kit.ts";
import type { BatchKit } from "./batch-test-kit.ts";

const NOVA = "amazon.nova-lite-v1:0";

let kit: BatchKit;

beforeAll(async () => {
  kit = await startBatchKit();
});
beforeEach(() => kit.fake.reset());
afterAll(async () => {
  await kit.close();
});

/** Uploads `text` as `in/<folder>/records.jsonl`, runs a job over the folder to its end, returns it. */
async function runJob(folder: string, text: string, extra: Parameters<typeof createJob>[1] = {}) {
  await putObject(kit, `in/${folder}/records.jsonl`, text);
  const arn = await createJob(kit, { jobName: folder, inputKey: `in/${folder}/`, ...extra });
  await kit.fake.batch.settle();
  const job = await kit.control.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }));
  const outputs = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
  return { job, outputs, lines: outputLines(outputs["records.jsonl.out"]) };
}

/** A Nova Converse record whose user turn shows a video by S3 location. */
function videoRecord(recordId: string, uri: string) {
  return {
    recordId,
    modelInput: { messages: [{ role: "user", content: [{ video: { format: "mp4", source: { s3Location: { uri } } } }, { text: "describe" }] }] },
  };
}

describe("batch validation of the input (job fails)", () => {
  it("GIVEN fewer records than the model's minimum WHEN validated THEN Failed with the counts in the message", async () => {
    kit.fake.batch.configure({ minRecordsPerJob: undefined });

    const { job } = await runJob("too-few", toJsonl(converseRecords(5)));

    expect(job.status).toBe("Failed");
    expect(job.message).toBe("The job has 5 records, fewer than the minimum of 100 records per batch inference job for this model.");
  });

  it("GIVEN a line that is not JSON WHEN validated THEN Failed naming the file and the line", async () => {
    const lines = toJsonl(converseRecords(4)).split("\n");
    lines[2] = '{"recordId": "R002", "modelInput": {';

    const { job, outputs } = await runJob("malformed", lines.join("\n"));

    expect(job.status).toBe("Failed");
    expect(job.message).toMatch(new RegExp(`^Invalid JSONL: line 3 of s3://${BUCKET}/in/malformed/records\\.jsonl is not valid JSON\\.`));
    expect(outputs).toEqual({});
  });

  it.each([
    ["no modelInput", '{"recordId":"X1","input":{}}', /line 2 .* has no modelInput object/],
    ["a numeric recordId", '{"recordId":7,"modelInput":{}}', /line 2 .* recordId that is not a non-empty string/],
    ["an empty line", "", /line 2 .* is empty/],
  ])("GIVEN a record with %s WHEN validated THEN Failed", async (_label, badLine, message) => {
    const [first, ...rest] = converseRecords(4).map((record) => JSON.stringify(record));
    const { job } = await runJob(`bad-${_label.replaceAll(" ", "-")}`, [first, badLine, ...rest].join("\n") + "\n");

    expect(job.status).toBe("Failed");
    expect(job.message).toMatch(message);
  });

  it("GIVEN a recordId used twice WHEN validated THEN Failed naming both places", async () => {
    const records = converseRecords(4);
    records[3] = { ...records[3]!, recordId: "R000" };

    const { job } = await runJob("duplicates", toJsonl(records));

    expect(job.message).toMatch(/^Duplicate recordId "R000" at line 4 of s3:\/\/.*records\.jsonl; it is also used at line 1 of/);
  });

  it("GIVEN a folder without .jsonl files WHEN validated THEN Failed", async () => {
    await putObject(kit, "in/empty-folder/readme.txt", "no inputs here");
    const arn = await createJob(kit, { jobName: "empty", inputKey: "in/empty-folder/" });
    await kit.fake.batch.settle();

    expect(kit.fake.batch.job(arn)!.message).toBe(`No .jsonl files were found at the input location s3://${BUCKET}/in/empty-folder/.`);
  });

  it("GIVEN more records in a file than the per-file quota WHEN validated THEN Failed", async () => {
    kit.fake.batch.configure({ maxRecordsPerFile: 5 });

    const { job } = await runJob("big-file", toJsonl(converseRecords(6)));

    expect(job.message).toMatch(/has 6 records, over the quota of 5 records per file\.$/);
  });

  it("GIVEN a file over the size quota WHEN validated THEN Failed before reading it", async () => {
    kit.fake.batch.configure({ maxInputFileBytes: 100 });

    const { job } = await runJob("heavy-file", toJsonl(converseRecords(4)));

    expect(job.message).toMatch(/over the quota of 100 bytes per file\.$/);
  });

  it("GIVEN an output bucket that does not exist WHEN validated THEN Failed", async () => {
    await putObject(kit, "in/no-output/records.jsonl", toJsonl(converseRecords(4)));
    const arn = await createJob(kit, { jobName: "no-output", inputKey: "in/no-output/", outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://missing-bucket/out/" } } });
    await kit.fake.batch.settle();

    expect(kit.fake.batch.job(arn)!.status).toBe("Failed");
    expect(kit.fake.batch.job(arn)!.message).toMatch(/could not access s3:\/\/missing-bucket\/out\/ with the job's service role/);
  });

  it("GIVEN media referenced outside the input folder WHEN validated THEN Failed", async () => {
    const records = [videoRecord("V0", `s3://${BUCKET}/elsewhere/clip.mp4`), ...converseRecords(3)];

    const { job } = await runJob("outside", toJsonl(records), { modelId: NOVA });

    expect(job.status).toBe("Failed");
    expect(job.message).toMatch(/references s3:\/\/batch-bucket\/elsewhere\/clip\.mp4, which is outside the input location/);
  });

  it("GIVEN media and an input location that is a single .jsonl file WHEN validated THEN Failed", async () => {
    await putObject(kit, "in/single-media/clip.mp4", new Uint8Array(16));
    const records = [videoRecord("V0", `s3://${BUCKET}/in/single-media/clip.mp4`), ...converseRecords(3)];
    await putObject(kit, "in/single-media/records.jsonl", toJsonl(records));
    const arn = await createJob(kit, { jobName: "single-media", modelId: NOVA, inputKey: "in/single-media/records.jsonl" });
    await kit.fake.batch.settle();

    expect(kit.fake.batch.job(arn)!.message).toMatch(/is a single file\. When records reference S3 content, the input location must be the folder/);
  });
});

describe("batch inputs that run", () => {
  it("GIVEN a single .jsonl file as the input location WHEN the job runs THEN its output is <file>.out", async () => {
    await putObject(kit, "in/single/part-7.jsonl", toJsonl(converseRecords(4)));
    const arn = await createJob(kit, { jobName: "single", inputKey: "in/single/part-7.jsonl" });
    await kit.fake.batch.settle();

    const outputs = await readOutputs(kit, kit.fake.batch.job(arn)!.outputPrefix);
    expect(Object.keys(outputs).sort()).toEqual(["manifest.json.out", "part-7.jsonl.out"]);
  });

  it("GIVEN records without recordId WHEN the job runs THEN Bedrock-style ids are made up, stable per line", async () => {
    const records = converseRecords(4).map(({ modelInput }) => ({ modelInput }));

    const { lines } = await runJob("no-ids", toJsonl(records));

    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.recordId).toMatch(/^[A-Z0-9]{11}$/);
    expect(new Set(lines.map((line) => line.recordId)).size).toBe(4);
  });

  it("GIVEN media in the input folder and one missing WHEN the job runs THEN the present one is read and the missing one is a record error", async () => {
    await putObject(kit, "in/media/clips/a.mp4", new Uint8Array(32));
    const records = [videoRecord("V0", `s3://${BUCKET}/in/media/clips/a.mp4`), videoRecord("V1", `s3://${BUCKET}/in/media/clips/gone.mp4`), ...converseRecords(2)];

    const { job, lines } = await runJob("media", toJsonl(records), { modelId: NOVA });

    expect([job.status, job.errorRecordCount]).toEqual(["PartiallyCompleted", 1]);
    const byId = Object.fromEntries(lines.map((line) => [line.recordId, line]));
    expect(byId.V0!.modelOutput.output.message.content).toEqual([{ text: `echo: [video mp4 s3://${BUCKET}/in/media/clips/a.mp4] describe` }]);
    expect(byId.V1!.error).toEqual({ errorCode: 400, errorMessage: `The S3 object s3://${BUCKET}/in/media/clips/gone.mp4 referenced in the record does not exist.` });
  });

  it("GIVEN a Claude job with S3 media WHEN it runs THEN that record errors: Claude needs the bytes inline", async () => {
    await putObject(kit, "in/claude-media/a.mp4", new Uint8Array(8));
    const records = [videoRecord("V0", `s3://${BUCKET}/in/claude-media/a.mp4`), ...converseRecords(3)];

    const { lines } = await runJob("claude-media", toJsonl(records));

    expect(lines.find((line) => line.recordId === "V0")!.error!.errorMessage).toMatch(/does not accept S3 locations as a media source/);
  });

  it("GIVEN records with modelId, a toolConfig, or an empty text WHEN a Converse job runs THEN each is a per-record error", async () => {
    const [plain, ...rest] = converseRecords(4);
    const ask = { messages: [{ role: "user", content: [{ text: "hi" }] }] };
    const tool = { toolSpec: { name: "lookup", inputSchema: { json: { type: "object" } } } };
    const records = [
      plain,
      { recordId: "M1", modelInput: { ...ask, modelId: "anthropic.claude-3-5-haiku-20241022-v1:0" } },
      { recordId: "T1", modelInput: { ...ask, toolConfig: { tools: [tool] } } },
      { recordId: "E1", modelInput: { messages: [{ role: "user", content: [{ text: "" }] }] } },
      ...rest,
    ];

    const { job, lines } = await runJob("record-errors", toJsonl(records));

    const errors = Object.fromEntries(lines.filter((line) => line.error).map((line) => [line.recordId, line.error!.errorMessage]));
    expect(errors).toEqual({
      M1: "modelId: Extra inputs are not permitted",
      T1: "toolConfig is not supported in batch inference jobs with modelInvocationType Converse.",
      E1: "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.",
    });
    expect([job.status, job.successRecordCount, job.errorRecordCount]).toEqual(["PartiallyCompleted", 4, 3]);
  });
});
