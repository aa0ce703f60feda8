/**
 * `bedrock-bot batch submit --then ... --wait` in a child process (the real CLI, fake Bedrock runtime, s3rver): a
 * three-stage pipeline under the model's minimum runs on demand stage after stage; a record Bedrock refuses in stage 1
 * is carried as failed, never handed on, and the joined results have one row per original record.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionsCsv, startBatchRunKit, type BatchRunKit } from "../bedrock/batch/run/batch-run-kit.ts";
import { runBatchCli } from "./batch-cli-kit.ts";

let kit: BatchRunKit;
beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());

describe("bedrock-bot batch submit --then", () => {
  it("GIVEN 6 rows and two --then stages, one record refused in stage 1 WHEN submitted with --wait THEN 3 stages run, counts add up at each and results.csv joins them", async () => {
    await writeFile(join(kit.dir, "questions.csv"), questionsCsv(6));
    kit.fake.fail(1, { status: 400, type: "ValidationException", message: "bad record", operation: "Converse" });
    const out = join(kit.dir, "pipeline");
    const args = ["submit", "questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}", "--policy", "on_demand", "--then", "Check: {output}", "--then", "Join {stage1_output} / {output} (row {row})", "--wait", "--out", out, "--json"];
    const run = await runBatchCli(kit, args);
    expect(run.stderr).not.toContain("Error");
    const printed = JSON.parse(run.stdout) as { pipeline: { model: string; summary: { inputs: number; records: number; skipped: number; succeeded: number; failed: number } }[]; records: number; succeeded: number };
    expect(printed.pipeline.map((stage) => [stage.summary.inputs, stage.summary.records, stage.summary.succeeded, stage.summary.failed])).toEqual([
      [6, 6, 5, 1],
      [5, 5, 5, 0],
      [5, 5, 5, 0],
    ]);
    for (const { summary } of printed.pipeline) {
      expect(summary.inputs).toBe(summary.records + summary.skipped);
      expect(summary.records).toBe(summary.succeeded + summary.failed);
    }
    expect(run.code).toBe(1);
    expect([printed.records, printed.succeeded]).toEqual([6, 5]);

    const rows = parseCsv<Record<string, string>>(await readFile(join(out, "results.csv"), "utf8"), { columns: true });
    expect(rows.map((row) => row.row)).toEqual(["1", "2", "3", "4", "5", "6"]);
    const [failed, ...others] = [...rows.filter((row) => row.status === "failed"), ...rows.filter((row) => row.status === "succeeded")];
    expect(failed).toMatchObject({ failed_stage: "1", stage2_output: "", stage3_output: "" });
    expect(failed?.error).toContain("bad record");
    for (const row of others) {
      expect(row.stage2_output).toBe(`echo: Check: ${row.stage1_output}`);
      expect(row.stage3_output).toBe(`echo: Join ${row.stage1_output} / ${row.stage2_output} (row ${row.row})`);
    }
    // Each stage kept its own results next to the joined ones.
    expect(JSON.parse(await readFile(join(out, "stage-2", "summary.json"), "utf8")).counts).toMatchObject({ inputs: 5, records: 5, succeeded: 5 });
  });

  it("GIVEN --then without --wait WHEN submitted THEN it is refused before anything is sent", async () => {
    const run = await runBatchCli(kit, ["submit", "questions.csv", "-m", "nova-lite", "-t", "Answer: {question}", "--then", "Check: {output}"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--then and --pipeline need --wait");
  });
});
