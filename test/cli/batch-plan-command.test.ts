import { parse as parseCsv } from "csv-parse/sync";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeZip } from "../bedrock/batch/fixtures/make-zip.ts";
import { EXE_HEADER, MP3_HEADER, PNG_1X1 } from "../bedrock/batch/fixtures/sample-files.ts";
import { questionsCsv } from "../bedrock/batch/run/batch-run-kit.ts";
import { runCli, writeTempConfig } from "./run-cli.ts";

/** No endpoints, no credentials, no [batch] section: planning must not need any of them. */
const OFFLINE_CONFIG = `
[[api_providers]]
name = "aws"
client_type = "bedrock"

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite"
api_provider = "aws"
price_in = 0.06
price_out = 0.24
max_tokens = 100
`;

let dir: string;
let config: string;
const plan = (...args: string[]) => runCli(["batch", "plan", "--config", config, ...args], { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batch-plan-cli-"));
  config = await writeTempConfig(OFFLINE_CONFIG);
  await writeFile(join(dir, "questions.csv"), questionsCsv(250));
  const members = Array.from({ length: 120 }, (_, index) => ({ name: `imgs/img-${String(index + 1).padStart(3, "0")}.png`, data: PNG_1X1 }));
  await writeFile(
    join(dir, "photos.zip"),
    makeZip([...members, { name: "imgs/setup.exe", data: EXE_HEADER }, { name: "imgs/empty.png", data: "" }, { name: "imgs/song.mp3", data: MP3_HEADER }]),
  );
});

describe("bedrock-bot batch plan (offline)", () => {
  it("GIVEN 250 CSV rows WHEN planned with --json THEN one JSON object: 250 records, one job, batch, estimated cost", async () => {
    const run = await plan("questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}", "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      model: "nova-lite",
      invocationType: "Converse",
      inputs: 250,
      records: 250,
      skipped: [],
      policy: "batch",
      jobs: [{ index: 1, records: 250, files: [{ name: "records-1.jsonl", records: 250 }] }],
      estimatedCost: { outputTokens: 25_000, outputBasis: "max_tokens" },
    });
    expect(summary.estimatedCost.chosenUsd).toBeCloseTo(summary.estimatedCost.onDemandUsd / 2, 12);
  });

  it("GIVEN a zip of 120 images and 3 bad members THEN the bad ones are skipped with reasons and the counts add up", async () => {
    const run = await plan("photos.zip", "-m", "nova-lite", "-p", "Describe the image", "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ inputs: 123, records: 120, policy: "batch" });
    expect(summary.skipped).toEqual([
      { input: "photos.zip: imgs/setup.exe", reason: expect.stringMatching(/unsupported file type/) },
      { input: "photos.zip: imgs/empty.png", reason: "the file is empty" },
      { input: "photos.zip: imgs/song.mp3", reason: expect.stringMatching(/unsupported file type/) },
    ]);
  });

  it("GIVEN --out WHEN planned THEN the JSONL input file is written as it would be uploaded, with the provenance", async () => {
    const out = join(dir, "plan-out");
    const run = await plan("questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}", "--out", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("batch: 250 records in 1 batch job");
    expect((await readdir(out)).sort()).toEqual(["job-1", "plan.json", "provenance.jsonl", "skipped.jsonl"]);
    const lines = (await readFile(join(out, "job-1", "input", "records-1.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(250);
    expect(JSON.parse(lines[0]!)).toEqual({
      recordId: "R000000001",
      modelInput: { messages: [{ role: "user", content: [{ text: "Answer briefly: What is 1 squared?" }] }], inferenceConfig: { maxTokens: 100 } },
    });
    const provenance = (await readFile(join(out, "provenance.jsonl"), "utf8")).trim().split("\n");
    expect(JSON.parse(provenance[249]!)).toEqual({
      recordId: "R000000250",
      source: "questions.csv",
      row: 250,
      prompt: "default",
      columns: [
        ["id", "250"],
        ["question", "What is 250 squared?"],
      ],
    });
  });

  it("GIVEN --drop-columns question WHEN planned THEN the provenance keeps only id; a column no row has is refused by name", async () => {
    const out = join(dir, "plan-drop");
    expect((await plan("questions.csv", "-m", "nova-lite", "-t", "Q: {question}", "--drop-columns", "question", "--out", out)).code).toBe(0);
    const first = JSON.parse((await readFile(join(out, "provenance.jsonl"), "utf8")).split("\n")[0]!);
    expect(first.columns).toEqual([["id", "1"]]);
    const typo = await plan("questions.csv", "-m", "nova-lite", "-t", "Q: {question}", "--keep-columns", "id,qestion");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('No input row has the column "qestion" named in keep/drop columns; the rows have: id, question.');
  });

  it("GIVEN named prompts and a mapped column THEN expanded and mapped runs are planned", async () => {
    const expanded = await plan("questions.csv", "-m", "nova-lite", "-p", "short=In one word: {question}", "-p", "long=Explain: {question}", "--json");
    expect(JSON.parse(expanded.stdout)).toMatchObject({ records: 500, inputs: 500 });
    await writeFile(join(dir, "mapped.csv"), "id,prompt\n1,Say hi\n2,\n");
    const mapped = await plan("mapped.csv", "-m", "nova-lite", "--prompt-column", "prompt", "--json");
    expect(JSON.parse(mapped.stdout)).toMatchObject({ records: 1, skipped: [{ input: "mapped.csv row 2", reason: 'the "prompt" cell is empty' }], policy: "on_demand" });
  });

  it("GIVEN 40 rows and --policy wait THEN the plan says how many more records a job needs", async () => {
    await writeFile(join(dir, "forty.csv"), questionsCsv(40));
    const run = await plan("forty.csv", "-m", "nova-lite", "-p", "Answer", "--policy", "wait", "--json");
    expect(JSON.parse(run.stdout)).toMatchObject({ policy: "wait", held: { records: 40, minRecords: 100, needed: 60 }, jobs: [] });
  });

  it("GIVEN an S3 input, an unknown model or a bad policy THEN one error line and exit code 1", async () => {
    const s3 = await plan("s3://bucket/prefix/", "-m", "nova-lite", "-p", "x");
    expect(s3.code).toBe(1);
    expect(s3.stderr).toMatch(/error: .*reads local files only/);
    const model = await plan("questions.csv", "-m", "gpt-9", "-p", "x");
    expect(model.stderr).toContain('error: There is no batch-capable model named "gpt-9". Batch models: nova-lite.');
    const policy = await plan("questions.csv", "-m", "nova-lite", "-p", "x", "--policy", "later");
    expect(policy.stderr).toContain("error: --policy must be one of on_demand, wait, reject");
  });
});

describe("bedrock-bot batch results --from --plan --out (offline)", () => {
  it("GIVEN a plan dir and downloaded outputs in Bedrock's shape, shuffled, with an error line THEN the CSV joins every row by recordId", async () => {
    await writeFile(join(dir, "five.csv"), questionsCsv(5));
    const planDir = join(dir, "five-plan");
    expect((await plan("five.csv", "-m", "nova-lite", "-t", "Q: {question}", "--out", planDir)).code).toBe(0);
    const from = join(dir, "five-outputs", "abcdefghijkl");
    await mkdir(from, { recursive: true });
    const ok = (id: string, text: string) => ({
      recordId: id,
      modelInput: { messages: [] },
      modelOutput: { output: { message: { role: "assistant", content: [{ text }] } }, stopReason: "end_turn", usage: { inputTokens: 10, outputTokens: 3, totalTokens: 13 } },
    });
    const lines = [
      ok("R000000004", "16"),
      ok("R000000001", "1"),
      { recordId: "R000000003", modelInput: {}, error: { errorCode: 400, errorMessage: "Malformed input request" } },
      ok("R000000002", "4"),
    ];
    await writeFile(join(from, "records-1.jsonl.out"), `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    await writeFile(
      join(from, "manifest.json.out"),
      JSON.stringify({ totalRecordCount: 5, processedRecordCount: 4, successRecordCount: 3, errorRecordCount: 1, inputTokenCount: 30, outputTokenCount: 9 }),
    );
    const out = join(dir, "five-results");
    const run = await runCli(["batch", "results", "--config", config, "--from", join(dir, "five-outputs"), "--plan", planDir, "--out", out, "-m", "nova-lite"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("records: 3 succeeded, 1 failed, 1 not processed");
    const csv = parseCsv<Record<string, string>>(await readFile(join(out, "results.csv"), "utf8"), { columns: true });
    expect(csv.map((row) => [row.record_id, row.row, row.status, row.output_text])).toEqual([
      ["R000000001", "1", "succeeded", "1"],
      ["R000000002", "2", "succeeded", "4"],
      ["R000000003", "3", "failed", ""],
      ["R000000004", "4", "succeeded", "16"],
      ["R000000005", "5", "not_processed", ""],
    ]);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    expect(summary.counts).toMatchObject({ inputs: 5, records: 5, succeeded: 3, failed: 1, notProcessed: 1, skipped: 0 });
  });

  it("GIVEN no plan folder THEN one error line", async () => {
    const run = await runCli(["batch", "results", "--from", dir, "--plan", join(dir, "nope"), "--out", join(dir, "x")], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: --plan");
  });
});

describe("bedrock-bot batch plan --schema", () => {
  it("GIVEN a schema file WHEN planned with --out THEN every record asks for it (in the system prompt on nova-lite); a bad schema is refused before planning", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    await writeFile(join(dir, "answer.json"), JSON.stringify(schema));
    await writeFile(join(dir, "broken.json"), "{ not json");
    const out = join(dir, "plan-schema");

    const run = await plan("questions.csv", "-m", "nova-lite", "-t", "Answer briefly: {question}", "--schema", "answer.json", "--out", out);

    expect(run.code).toBe(0);
    const first = JSON.parse((await readFile(join(out, "job-1", "input", "records-1.jsonl"), "utf8")).split("\n")[0] ?? "{}");
    expect(first.modelInput.system[0].text).toContain(`validates against this JSON Schema:\n${JSON.stringify(schema)}`);
    expect(first.modelInput.outputConfig).toBeUndefined();
    const refused = await plan("questions.csv", "-m", "nova-lite", "-t", "x {question}", "--schema", "broken.json");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The schema broken.json is not valid JSON");
  });
});
