import { parse as parseCsv } from "csv-parse/sync";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { questionsCsv, startBatchRunKit, type BatchRunKit } from "../bedrock/batch/run/batch-run-kit.ts";
import { runBatchCli, statusJobs } from "./batch-cli-kit.ts";

const MINUTE = 60_000;
let kit: BatchRunKit;

beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());
beforeEach(async () => kit.freshTest());

/** Submits 100 CSV rows (the minimum) and returns the job name. */
async function submitHundred(): Promise<string> {
  await writeFile(join(kit.dir, "questions.csv"), questionsCsv(100));
  const submit = await runBatchCli(kit, ["submit", "questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}"]);
  expect(submit.code).toBe(0);
  return submit.stdout.trim();
}

async function results(jobName: string): Promise<{ code: number; stdout: string; csv: Record<string, string>[]; out: string }> {
  const out = join(kit.dir, "results");
  const run = await runBatchCli(kit, ["results", jobName, "--out", out]);
  const csv = parseCsv<Record<string, string>>(await readFile(join(out, "results.csv"), "utf8"), { columns: true });
  return { code: run.code, stdout: run.stdout, csv, out };
}

const statuses = (csv: Record<string, string>[]) => csv.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.status!]: (counts[row.status!] ?? 0) + 1 }), {});

describe("batch job outcomes through the CLI", () => {
  it("GIVEN records Bedrock refuses WHEN the job ends PartiallyCompleted THEN its output is read: errored records failed with Bedrock's message, the rest answered", async () => {
    const jobName = await submitHundred();
    kit.fake.batch.failRecords(["R000000003", "R000000007"], { errorMessage: "Malformed input request: text content blocks must be non-empty" });
    await kit.fake.batch.settle();
    expect((await statusJobs(kit, jobName))[0]).toMatchObject({ state: "PartiallyCompleted", counters: { total: 100, processed: 100, succeeded: 98, failed: 2 } });

    const { code, stdout, csv } = await results(jobName);
    expect(code).toBe(0);
    expect(stdout).toContain("records: 98 succeeded, 2 failed, 0 not processed");
    expect(statuses(csv)).toEqual({ succeeded: 98, failed: 2 });
    expect(csv[2]).toMatchObject({ row: "3", status: "failed", error: "400: Malformed input request: text content blocks must be non-empty" });
    expect(csv[3]).toMatchObject({ row: "4", status: "succeeded", output_text: "echo: Answer briefly: What is 4 squared?" });
  });

  it("GIVEN a job that fails validation WHEN it ends THEN status and results carry Bedrock's message, records are not processed, exit code 1", async () => {
    kit.fake.batch.scriptOutcome("bdb-", "Failed", "Amazon Bedrock could not access the input with the job's service role.");
    const jobName = await submitHundred();
    await kit.fake.batch.settle();
    const status = await runBatchCli(kit, ["status"]);
    expect(status.stdout).toContain(`${jobName}  Failed (failed)`);
    expect(status.stdout).toContain("  Amazon Bedrock could not access the input with the job's service role.");

    const { code, stdout, csv, out } = await results(jobName);
    expect(code).toBe(1);
    expect(stdout).toContain(`${jobName} Failed: Amazon Bedrock could not access the input with the job's service role.`);
    expect(statuses(csv)).toEqual({ not_processed: 100 });
    const run = JSON.parse(await readFile(join(out, "run.json"), "utf8"));
    expect(run.jobs[0]).toMatchObject({ jobName, state: "Failed", message: "Amazon Bedrock could not access the input with the job's service role." });
  });

  it("GIVEN a job halfway through WHEN cancelled THEN it stops, and the records processed before the stop are in the results", async () => {
    const jobName = await submitHundred();
    await kit.fake.advance(2 * MINUTE);
    await kit.fake.tick();
    await kit.fake.tick();
    expect(kit.fake.batch.jobs()[0]).toMatchObject({ status: "InProgress", processedRecordCount: 50 });

    const cancel = await runBatchCli(kit, ["cancel", jobName]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout.trim()).toBe(`${jobName} Stopping`);
    expect(kit.fake.batch.requests.filter((request) => request.operation === "StopModelInvocationJob")).toHaveLength(1);
    await kit.fake.tick();
    expect((await statusJobs(kit, jobName))[0]?.state).toBe("Stopped");

    const { code, csv } = await results(jobName);
    expect(code).toBe(0);
    expect(statuses(csv)).toEqual({ succeeded: 50, not_processed: 50 });
    const again = await runBatchCli(kit, ["cancel", jobName]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`error: ${jobName} is already stopped; there is nothing to stop.`);
  });

  it("GIVEN a job that never starts WHEN it expires THEN Expired with its message, nothing processed, exit code 1", async () => {
    kit.fake.batch.scriptOutcome("bdb-", "Expired");
    const jobName = await submitHundred();
    await kit.fake.batch.settle();
    const [row] = await statusJobs(kit, jobName);
    expect(row).toMatchObject({ state: "Expired", message: expect.stringMatching(/did not start within its timeout of 72 hours/) });
    const { code, csv, stdout } = await results(jobName);
    expect(code).toBe(1);
    expect(stdout).toContain(`${jobName} Expired: The job expired`);
    expect(statuses(csv)).toEqual({ not_processed: 100 });
  });
});
