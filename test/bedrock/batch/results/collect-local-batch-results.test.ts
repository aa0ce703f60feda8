import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import { collectLocalBatchResults } from "../../../../src/bedrock/batch/results/collect-batch-results.ts";
import { listLocalBatchOutput } from "../../../../src/bedrock/batch/results/list-local-batch-output.ts";
import { readBatchResults } from "../../../../src/bedrock/batch/results/read-batch-results.ts";
import { createMemoryVectorStore } from "../../../../src/bedrock/batch/results/vector-store.ts";
import { writeProvenanceFile, type ProvenanceRecord } from "../../../../src/bedrock/batch/results/provenance-file.ts";
import { writeResultsCsv } from "../../../../src/bedrock/batch/results/write-batch-results.ts";
import { FIXTURES_DIR } from "./fixture-lines.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "batch-results-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function placeFixtures(dir: string, names: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of names) await copyFile(new URL(name, FIXTURES_DIR), join(dir, name));
  return dir;
}

async function writePlan(records: ProvenanceRecord[], skipped = [{ input: "notes.txt", reason: "not a supported file" }]): Promise<string> {
  const dir = join(root, "plan");
  await mkdir(dir, { recursive: true });
  await writeProvenanceFile(dir, records, skipped);
  return dir;
}

/** Planned record `recordId` from data row `index + 1` (rows are 1-based). */
const row = (recordId: string, index: number): ProvenanceRecord => ({ recordId, provenance: { source: "reports.csv", row: index + 1, prompt: "summarize" } });

describe("collectLocalBatchResults on a Converse job", () => {
  it("GIVEN the Converse fixture, its manifest and a plan with one more record WHEN collected THEN the CSV has every input in order", async () => {
    const fromDir = await placeFixtures(join(root, "from"), ["batch-converse.jsonl.out", "manifest.json.out"]);
    const planDir = await writePlan(["R0000000000", "R0000000001", "R0000000002", "R0000000003"].map(row));
    const outDir = join(root, "out");
    const { results, cost, files } = await collectLocalBatchResults({ fromDir, planDir, outDir, prices: { price_in: 1, price_out: 5 } });

    expect(Object.keys(files).sort()).toEqual(["csv", "jsonl", "summary"]);
    const csv = parseCsv(await readFile(join(outDir, "results.csv"), "utf8"));
    expect(csv).toEqual([
      ["record_id", "source", "member", "row", "prompt", "output_text", "stop_reason", "input_tokens", "output_tokens", "error", "status", "notes"],
      ["R0000000000", "reports.csv", "", "1", "summarize", "Delays eased in March.", "end_turn", "14", "6", "", "succeeded", ""],
      [
        "R0000000001",
        "reports.csv",
        "",
        "2",
        "summarize",
        "",
        "",
        "",
        "",
        "400: Malformed input request: text content blocks must be non-empty, please reformat your input and try again.",
        "failed",
        "",
      ],
      ["R0000000002", "reports.csv", "", "3", "summarize", "Revenue grew 12% this quarter.", "end_turn", "18", "8", "", "succeeded", ""],
      [
        "R0000000003",
        "reports.csv",
        "",
        "4",
        "summarize",
        "",
        "",
        "",
        "",
        "not processed: no output line for this record (the job stopped, expired or failed before it)",
        "not_processed",
        "",
      ],
      ["", "notes.txt", "", "", "", "", "", "", "", "skipped: not a supported file", "skipped", ""],
    ]);
    expect(results.counts).toMatchObject({ inputs: 5, records: 4, succeeded: 2, failed: 1, notProcessed: 1, skipped: 1 });
    expect(results.tokens).toEqual({ inputTokens: 32, outputTokens: 14, source: "manifest" });
    expect(cost).toEqual({ batchUsd: (32 + 14 * 5) / 2e6, onDemandUsd: (32 + 14 * 5) / 1e6, savingUsd: (32 + 14 * 5) / 2e6 });

    const details = (await readFile(join(outDir, "results.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(details.map((detail) => detail.status)).toEqual(["succeeded", "failed", "succeeded", "not_processed", "skipped"]);
    expect(details[0]).toEqual({
      recordId: "R0000000000",
      status: "succeeded",
      source: "reports.csv",
      row: 1,
      prompt: "summarize",
      output: { kind: "text", family: "converse", text: "Delays eased in March.", stopReason: "end_turn", usage: { inputTokens: 14, outputTokens: 6 } },
      notes: [],
      at: { job: "from", file: "batch-converse.jsonl.out", line: 2 },
    });
    expect(details[4]).toEqual({ status: "skipped", input: "notes.txt", reason: "not a supported file" });

    const summary = JSON.parse(await readFile(join(outDir, "summary.json"), "utf8"));
    expect(summary.counts).toEqual(results.counts);
    expect(summary.cost).toEqual(cost);
    expect(summary.warnings).toContain("1 record not processed (no output line: the job stopped, expired or failed first).");
  });

  it("GIVEN extraction fields WHEN written THEN they are extra CSV columns, clashing names prefixed", async () => {
    const fromDir = join(root, "from");
    await mkdir(fromDir);
    const modelOutput = { output: { message: { content: [{ text: 'Result:\n```json\n{"topic":"revenue","error":"none"}\n```' }] } }, stopReason: "end_turn" };
    await writeFile(join(fromDir, "a.jsonl.out"), `${JSON.stringify({ recordId: "R1", modelInput: {}, modelOutput })}\n`);
    const planDir = await writePlan([row("R1", 0)], []);
    const { files } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out"), extract: ["topic", "error"] });
    const [header, first] = parseCsv(await readFile(files.csv!, "utf8"));
    expect(header?.slice(-2)).toEqual(["topic", "field_error"]);
    expect(first?.slice(-2)).toEqual(["revenue", "none"]);
  });

  it("GIVEN one folder per job, only one with a manifest WHEN collected THEN both are read and token totals are mixed", async () => {
    const fromDir = join(root, "from");
    await placeFixtures(join(fromDir, "jobA"), ["batch-claude-invokemodel.jsonl.out"]);
    await placeFixtures(join(fromDir, "jobB"), ["batch-nova-invokemodel.jsonl.out"]);
    await writeFile(
      join(fromDir, "jobB", "manifest.json.out"),
      JSON.stringify({ totalRecordCount: 2, processedRecordCount: 2, successRecordCount: 2, errorRecordCount: 0, inputTokenCount: 21, outputTokenCount: 5 }),
    );
    const planDir = await writePlan(["IMG0000000", "IMG0000001", "TXT0000000", "TXT0000001"].map(row), []);
    const { results } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out") });
    expect(results.entries.map((entry) => [entry.recordId, entry.status, entry.at?.file])).toEqual([
      ["IMG0000000", "failed", "jobA/batch-claude-invokemodel.jsonl.out"],
      ["IMG0000001", "succeeded", "jobA/batch-claude-invokemodel.jsonl.out"],
      ["TXT0000000", "succeeded", "jobB/batch-nova-invokemodel.jsonl.out"],
      ["TXT0000001", "succeeded", "jobB/batch-nova-invokemodel.jsonl.out"],
    ]);
    expect(results.tokens).toEqual({ inputTokens: 412 + 21, outputTokens: 9 + 5, source: "mixed" });
    expect(results.warnings).toContain("No manifest.json.out for jobA: token totals there are summed from per-record usage.");
  });

  it("GIVEN malformed, unknown and duplicate lines WHEN written THEN problems.jsonl lists them", async () => {
    const fromDir = await placeFixtures(join(root, "from"), ["batch-converse.jsonl.out"]);
    const fixture = await readFile(join(fromDir, "batch-converse.jsonl.out"), "utf8");
    await writeFile(join(fromDir, "extra.jsonl.out"), `${fixture.split("\n")[0]}\n{"recordId":"R0000000002","modelInput":{"trunc\n`);
    const planDir = await writePlan(["R0000000001", "R0000000002"].map(row), []);
    const { files } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out") });
    const problems = (await readFile(files.problems!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(problems.map((problem) => [problem.kind, problem.at.file, problem.at.line])).toEqual([
      ["unknown_record", "batch-converse.jsonl.out", 2],
      ["duplicate", "extra.jsonl.out", 1],
      ["malformed", "extra.jsonl.out", 2],
    ]);
  });
});

describe("collectLocalBatchResults on an embedding job", () => {
  it("GIVEN Titan embeddings WHEN collected THEN vectors.jsonl and vectors.npy hold them in input order", async () => {
    const fromDir = await placeFixtures(join(root, "from"), ["batch-titan-embed-v2.jsonl.out"]);
    const planDir = await writePlan(["EMB0000000", "EMB0000001", "EMB0000002"].map(row), []);
    const { files, results } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out"), tempDir: root });

    const vectors = (await readFile(files.vectorsJsonl!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(vectors).toEqual([
      { recordId: "EMB0000000", source: "reports.csv", row: 1, vector: [-0.0412, 0.0876, 0.0119, -0.1333, 0.0504, 0.0021, 0.0987, -0.0265] },
      { recordId: "EMB0000001", source: "reports.csv", row: 2, vector: [0.0213, -0.1147, 0.0562, 0.0031, -0.0729, 0.1402, -0.0088, 0.0645] },
    ]);

    const npy = await readFile(files.vectorsNpy!);
    expect(npy.subarray(0, 8)).toEqual(Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0]));
    const headerLength = npy.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(npy.toString("latin1", 10, 10 + headerLength).trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 8), }");
    const data = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + headerLength, npy.byteOffset + npy.length));
    expect(Array.from(data)).toEqual(vectors.flatMap((line) => line.vector.map((value: number) => Math.fround(value))));

    const [, first] = parseCsv(await readFile(files.csv!, "utf8"));
    expect(first?.slice(0, 9)).toEqual(["EMB0000000", "reports.csv", "", "1", "summarize", "", "", "4", "0"]);
    expect(results.counts).toMatchObject({ succeeded: 2, notProcessed: 1 });
    // The spill file is gone.
    expect((await readdir(root)).sort()).toEqual(["from", "out", "plan"]);
  });

  it("GIVEN vectors of different dimensions WHEN collected THEN there is no npy and the summary says why", async () => {
    const fromDir = join(root, "from");
    await mkdir(fromDir);
    const line = (recordId: string, embedding: number[]): string => JSON.stringify({ recordId, modelInput: {}, modelOutput: { embedding, inputTextTokenCount: 1 } });
    await writeFile(join(fromDir, "e.jsonl.out"), `${line("E1", [1, 2])}\n${line("E2", [1, 2, 3])}\n`);
    const planDir = await writePlan([row("E1", 0), row("E2", 1)], []);
    const { files } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out") });
    expect(files.vectorsNpy).toBeUndefined();
    const summary = JSON.parse(await readFile(files.summary!, "utf8"));
    expect(summary.warnings).toContain("Vectors have different dimensions, so there is no vectors.npy; vectors.jsonl has them all.");
  });
});

describe("reading local files", () => {
  it("GIVEN tiny read chunks WHEN the fixtures are read THEN the results are the same as with the default size", async () => {
    const fromDir = await placeFixtures(join(root, "from"), ["batch-converse.jsonl.out", "batch-claude-invokemodel.jsonl.out", "manifest.json.out"]);
    const provenance = new Map(["R0000000000", "R0000000001", "R0000000002", "IMG0000000", "IMG0000001"].map((id) => [id, { source: "s", prompt: "p" }]));
    const read = async (chunkBytes?: number) =>
      readBatchResults({ sources: await listLocalBatchOutput(fromDir, { chunkBytes }), provenance, skipped: [], vectors: createMemoryVectorStore() });
    const tiny = await read(7);
    expect(tiny).toEqual(await read());
    expect(tiny.counts).toMatchObject({ succeeded: 3, failed: 2, malformedLines: 0 });
  });
});

describe("writing to any Writable", () => {
  it("GIVEN results WHEN the CSV is written to a PassThrough THEN the same CSV comes out", async () => {
    const fromDir = await placeFixtures(join(root, "from"), ["batch-nova-invokemodel.jsonl.out"]);
    const planDir = await writePlan(["TXT0000000", "TXT0000001"].map(row), []);
    const { results, files } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out") });
    const out = new PassThrough();
    const [written] = await Promise.all([text(out), writeResultsCsv(results, out)]);
    expect(written).toBe(await readFile(files.csv!, "utf8"));
  });
});
