import { GetObjectCommand } from "@aws-sdk/client-s3";
import { parse as parseCsv } from "csv-parse/sync";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeZip } from "../bedrock/batch/fixtures/make-zip.ts";
import { EXE_HEADER, MP3_HEADER, MP4_HEADER, PNG_1X1 } from "../bedrock/batch/fixtures/sample-files.ts";
import { BUCKET, questionsCsv, startBatchRunKit, type BatchRunKit } from "../bedrock/batch/run/batch-run-kit.ts";
import { listKeys, runBatchCli, statusJobs } from "./batch-cli-kit.ts";

const MINUTE = 60_000;
let kit: BatchRunKit;

beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());
beforeEach(async () => kit.freshTest());

const readCsv = async (dir: string) => parseCsv<Record<string, string>>(await readFile(join(dir, "results.csv"), "utf8"), { columns: true });

describe("bedrock-bot batch submit -> status -> results (CLI child process, fake Bedrock + s3rver)", () => {
  it("GIVEN 250 CSV rows WHEN submitted and driven to Completed THEN status shows progress and the results CSV answers every row, joined by recordId", async () => {
    await writeFile(join(kit.dir, "questions.csv"), questionsCsv(250));
    const submit = await runBatchCli(kit, ["submit", "questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}"]);
    expect(submit.code).toBe(0);
    const names = submit.stdout.trim().split("\n");
    expect(names).toEqual([expect.stringMatching(/^bdb-\d{8}-\d{6}-[a-z0-9]{6}-1$/)]);
    const jobName = names[0]!;
    const runId = jobName.slice("bdb-".length, -"-1".length);

    const [job] = kit.fake.batch.jobs();
    expect(kit.fake.batch.jobs()).toHaveLength(1);
    expect(job).toMatchObject({
      jobName,
      status: "Submitted",
      modelInvocationType: "Converse",
      timeoutDurationInHours: 72,
      inputS3Uri: `s3://${BUCKET}/bedrock-discord-bot/runs/${runId}/job-1/input/`,
      outputS3Uri: `s3://${BUCKET}/bedrock-discord-bot/runs/${runId}/job-1/output/`,
      roleArn: "arn:aws:iam::123456789012:role/BedrockBatchRole",
      tags: [{ key: "bedrock-bot:run", value: runId }, { key: "bedrock-bot:tool", value: "bedrock-discord-bot" }],
      clientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await listKeys(kit, `bedrock-discord-bot/runs/${runId}/`)).toEqual([
      `bedrock-discord-bot/runs/${runId}/job-1/input/records-1.jsonl`,
      `bedrock-discord-bot/runs/${runId}/provenance.jsonl`,
      `bedrock-discord-bot/runs/${runId}/skipped.jsonl`,
    ]);

    expect((await statusJobs(kit)).map((row) => row.state)).toEqual(["Submitted"]);
    await kit.fake.advance(2 * MINUTE);
    expect((await statusJobs(kit, jobName))[0]).toMatchObject({ state: "Scheduled", counters: { total: 250, processed: 0 } });
    await kit.fake.tick();
    await kit.fake.tick();
    const halfway = await runBatchCli(kit, ["status", jobName]);
    expect(halfway.stdout).toContain(`${jobName}  InProgress (in progress)  [##########----------] 125/250 50%  (125 ok, 0 failed)`);
    await kit.fake.batch.settle();

    const out = join(kit.dir, "results");
    const results = await runBatchCli(kit, ["results", jobName, "--out", out]);
    expect(results.code).toBe(0);
    expect(results.stdout).toContain("inputs 250 = records 250 + skipped 0; records: 250 succeeded, 0 failed, 0 not processed");
    expect(results.stdout).toMatch(/cost: \$0\.\d{4} at the batch price/);
    const csv = await readCsv(out);
    expect(csv).toHaveLength(250);
    csv.forEach((row, index) => {
      expect(row).toMatchObject({ source: "questions.csv", row: String(index + 1), status: "succeeded", output_text: `echo: Answer briefly: What is ${index + 1} squared?` });
    });
    // Bedrock's output order is not the input order: the join above did not rely on it.
    const output = await kit.s3rver.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${job!.outputPrefix.slice(`s3://${BUCKET}/`.length)}records-1.jsonl.out` }));
    const outputIds = (await output.Body!.transformToString()).trim().split("\n").map((line) => JSON.parse(line).recordId);
    expect(outputIds).not.toEqual([...outputIds].sort());
    // retention_days = 0: inputs deleted once results were taken; the provenance stays.
    expect(await listKeys(kit, `bedrock-discord-bot/runs/${runId}/job-1/input/`)).toEqual([]);
    expect(await listKeys(kit, `bedrock-discord-bot/runs/${runId}/provenance.jsonl`)).toHaveLength(1);
  });

  it("GIVEN 40 images, under the minimum of 100 WHEN submitted THEN they run on demand and the results have the same format", async () => {
    await mkdir(join(kit.dir, "imgs"));
    for (let index = 1; index <= 40; index++) await writeFile(join(kit.dir, "imgs", `img-${String(index).padStart(2, "0")}.png`), PNG_1X1);
    const out = join(kit.dir, "on-demand");
    const submit = await runBatchCli(kit, ["submit", "imgs", "-m", "nova-lite", "-p", "Describe the image", "--out", out]);
    expect(submit.code).toBe(0);
    expect(submit.stdout).toMatch(/: 40 records on demand, \$0\.\d{4}/);
    expect(kit.fake.batch.jobs()).toHaveLength(0);
    // One refused try of the flex tier ([batch] on_demand_tier = "flex"; Nova Lite does not serve it), then 40 calls.
    expect(kit.fake.requests.filter((request) => request.operation === "Converse")).toHaveLength(41);
    expect(submit.stdout).toContain("nova-lite does not serve the flex tier");
    const csv = await readCsv(out);
    expect(csv).toHaveLength(40);
    expect(csv[6]).toMatchObject({ source: "imgs/img-07.png", status: "succeeded", output_text: "echo: [image png 70 bytes] Describe the image", stop_reason: "end_turn" });
    expect(Number(csv[6]!.input_tokens)).toBeGreaterThan(0);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    expect(summary.counts).toMatchObject({ inputs: 40, records: 40, succeeded: 40, failed: 0, notProcessed: 0 });
  });

  it("GIVEN a zip of 120 images and 3 bad members WHEN the job completes THEN the bad ones are skipped with reasons and every count adds up", async () => {
    const members = Array.from({ length: 120 }, (_, index) => ({ name: `img-${String(index + 1).padStart(3, "0")}.png`, data: PNG_1X1 }));
    await writeFile(join(kit.dir, "photos.zip"), makeZip([...members, { name: "setup.exe", data: EXE_HEADER }, { name: "blank.png", data: "" }, { name: "song.mp3", data: MP3_HEADER }]));
    const submit = await runBatchCli(kit, ["submit", "photos.zip", "-m", "nova-lite", "-p", "Describe the image", "--json"]);
    expect(submit.code).toBe(0);
    const { jobs } = JSON.parse(submit.stdout);
    expect(jobs).toHaveLength(1);
    await kit.fake.batch.settle();
    const out = join(kit.dir, "zip-results");
    const results = await runBatchCli(kit, ["results", jobs[0].jobName, "--out", out, "--json"]);
    expect(results.code).toBe(0);
    expect(JSON.parse(results.stdout).counts).toEqual({
      inputs: 123,
      records: 120,
      succeeded: 120,
      failed: 0,
      notProcessed: 0,
      skipped: 3,
      malformedLines: 0,
      unknownRecords: 0,
      duplicates: 0,
    });
    const csv = await readCsv(out);
    expect(csv).toHaveLength(123);
    expect(csv.slice(120).map((row) => [row.source, row.status, row.error])).toEqual([
      ["photos.zip: setup.exe", "skipped", expect.stringMatching(/^skipped: unsupported file type/)],
      ["photos.zip: blank.png", "skipped", "skipped: the file is empty"],
      ["photos.zip: song.mp3", "skipped", expect.stringMatching(/^skipped: unsupported file type/)],
    ]);
  });

  it("GIVEN videos for Nova WHEN submitted THEN each is copied under the job's input folder and referenced by s3Location", async () => {
    kit.fake.batch.configure({ minRecordsPerJob: 3 });
    for (let index = 1; index <= 3; index++) await writeFile(join(kit.dir, `clip-${index}.mp4`), Buffer.concat([MP4_HEADER, Buffer.from([index])]));
    const submit = await runBatchCli(kit, ["submit", "clip-1.mp4", "clip-2.mp4", "clip-3.mp4", "-m", "nova-lite-small", "-p", "Describe the video"]);
    expect(submit.code).toBe(0);
    const [job] = kit.fake.batch.jobs();
    const inputKey = job!.inputS3Uri.slice(`s3://${BUCKET}/`.length);
    expect(await listKeys(kit, inputKey)).toEqual([
      `${inputKey}media/000001-clip-1.mp4`,
      `${inputKey}media/000002-clip-2.mp4`,
      `${inputKey}media/000003-clip-3.mp4`,
      `${inputKey}records-1.jsonl`,
    ]);
    await kit.fake.batch.settle();
    expect(kit.fake.batch.job(job!.jobArn)?.status).toBe("Completed");
    const out = join(kit.dir, "video-results");
    expect((await runBatchCli(kit, ["results", job!.jobName, "--out", out])).code).toBe(0);
    const csv = await readCsv(out);
    expect(csv.map((row) => row.output_text)).toEqual([1, 2, 3].map((index) => `echo: [video mp4 ${job!.inputS3Uri}media/00000${index}-clip-${index}.mp4] Describe the video`));
  });
});
