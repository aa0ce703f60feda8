import { describe, expect, it } from "vitest";
import type { Provenance } from "../../../../src/bedrock/batch/batch-types.ts";
import { addOutputLine, createResultsJoin, finishResultsJoin } from "../../../../src/bedrock/batch/results/join-batch-results.ts";
import { parseBatchOutputLine } from "../../../../src/bedrock/batch/results/parse-batch-output-line.ts";
import type { BatchManifest, BatchResults, ParsedOutputLine, VectorRef } from "../../../../src/bedrock/batch/results/result-types.ts";

const plan = new Map<string, Provenance>([
  ["R000000001", { source: "data.csv", row: 1, prompt: "default" }],
  ["R000000002", { source: "data.csv", row: 2, prompt: "default" }],
  ["R000000003", { source: "photos.zip", member: "a/cat.png", prompt: "default" }],
  ["R000000004", { source: "data.csv", row: 4, prompt: "default" }],
]);

function converseLine(recordId: string, text: string, inputTokens = 10, outputTokens = 2): string {
  return JSON.stringify({
    recordId,
    modelInput: { messages: [{ role: "user", content: [{ text: "hi" }] }] },
    modelOutput: { output: { message: { role: "assistant", content: [{ text }] } }, stopReason: "end_turn", usage: { inputTokens, outputTokens } },
  });
}

function errorLine(recordId: string): string {
  return JSON.stringify({ recordId, modelInput: {}, error: { errorCode: 400, errorMessage: "bad input" } });
}

/** Text rows have no vectors, so a parsed line is already a line with refs. */
const parsed = (line: string): ParsedOutputLine<VectorRef> => parseBatchOutputLine(line) as ParsedOutputLine<VectorRef>;

function join(lines: string[], options: { manifests?: Map<string, BatchManifest>; extract?: readonly string[] | "auto"; shareOfJobs?: boolean } = {}): BatchResults {
  const state = createResultsJoin(plan);
  lines.forEach((line, index) => addOutputLine(state, parsed(line), { job: "job1", file: "data.jsonl.out", line: index + 1 }));
  return finishResultsJoin(state, {
    skipped: [{ input: "data.csv row 3", reason: "empty prompt cell" }],
    jobs: ["job1"],
    manifests: options.manifests ?? new Map(),
    extract: options.extract,
    ...(options.shareOfJobs === undefined ? {} : { shareOfJobs: options.shareOfJobs }),
  });
}

describe("joining outputs to the plan", () => {
  it("GIVEN shuffled outputs with an error, a missing record and a skipped input WHEN joined THEN every input appears once, in input order", () => {
    const results = join([errorLine("R000000004"), converseLine("R000000002", "two"), converseLine("R000000001", "one")]);
    expect(results.entries.map((entry) => [entry.recordId, entry.status])).toEqual([
      ["R000000001", "succeeded"],
      ["R000000002", "succeeded"],
      ["R000000003", "not_processed"],
      ["R000000004", "failed"],
    ]);
    expect(results.entries[0]).toEqual({
      recordId: "R000000001",
      status: "succeeded",
      provenance: { source: "data.csv", row: 1, prompt: "default" },
      at: { job: "job1", file: "data.jsonl.out", line: 3 },
      notes: [],
      output: { kind: "text", family: "converse", text: "one", stopReason: "end_turn", usage: { inputTokens: 10, outputTokens: 2 } },
    });
    expect(results.entries[3]).toMatchObject({ status: "failed", error: { errorCode: 400, errorMessage: "bad input" } });
    expect(results.skipped).toEqual([{ input: "data.csv row 3", reason: "empty prompt cell" }]);
  });

  it("GIVEN outputs with duplicates, unknown ids and malformed lines WHEN joined THEN they are reported, the first output is kept", () => {
    const results = join([
      converseLine("R000000001", "first"),
      "not json at all",
      converseLine("R999999999", "stranger"),
      errorLine("R000000001"),
      converseLine("R000000002", "two"),
    ]);
    expect(results.entries[0]).toMatchObject({
      status: "succeeded",
      output: { text: "first" },
      notes: ["duplicate output ignored at data.jsonl.out:4 (failed: 400)"],
    });
    expect(results.problems.map(({ kind, recordId, at }) => ({ kind, recordId, line: at.line }))).toEqual([
      { kind: "malformed", recordId: undefined, line: 2 },
      { kind: "unknown_record", recordId: "R999999999", line: 3 },
      { kind: "duplicate", recordId: "R000000001", line: 4 },
    ]);
    expect(results.counts).toEqual({
      inputs: 5,
      records: 4,
      succeeded: 2,
      failed: 0,
      notProcessed: 2,
      skipped: 1,
      malformedLines: 1,
      unknownRecords: 1,
      duplicates: 1,
    });
    expect(results.warnings).toEqual([
      "No manifest.json.out for job1: token totals there are summed from per-record usage.",
      "2 records not processed (no output line: the job stopped, expired or failed first).",
      // The rest of the sentence is V8's JSON.parse message.
      expect.stringMatching(/^1 output line could not be read \(first: data\.jsonl\.out:2: not JSON: /),
      "recordIds not in the plan on 1 output line.",
      "Repeated recordIds on 1 output line; the first output of each record was kept.",
    ]);
  });

  it("GIVEN any mix of outcomes WHEN joined THEN records = succeeded + failed + notProcessed and inputs = records + skipped", () => {
    const mixes = [[], [converseLine("R000000003", "x")], [errorLine("R000000001"), errorLine("R000000002"), converseLine("R000000004", "y")]];
    for (const lines of mixes) {
      const { counts } = join(lines);
      expect(counts.records).toBe(counts.succeeded + counts.failed + counts.notProcessed);
      expect(counts.inputs).toBe(counts.records + counts.skipped);
      expect(counts.records).toBe(plan.size);
    }
  });
});

describe("token totals", () => {
  const manifest: BatchManifest = {
    totalRecordCount: 4,
    processedRecordCount: 2,
    successRecordCount: 2,
    errorRecordCount: 0,
    inputTokenCount: 1000,
    outputTokenCount: 200,
  };

  it("GIVEN a manifest WHEN joined THEN tokens come from it", () => {
    const results = join([converseLine("R000000001", "a", 5, 1), converseLine("R000000002", "b", 5, 1)], { manifests: new Map([["job1", manifest]]) });
    expect(results.tokens).toEqual({ inputTokens: 1000, outputTokens: 200, source: "manifest" });
    expect(results.manifests).toEqual({ job1: manifest });
  });

  it("GIVEN no manifest WHEN joined THEN per-record usage is summed and the summary says so", () => {
    const results = join([converseLine("R000000001", "a", 5, 1), converseLine("R000000002", "b", 7, 3)]);
    expect(results.tokens).toEqual({ inputTokens: 12, outputTokens: 4, source: "records" });
    expect(results.warnings).toContain("No manifest.json.out for job1: token totals there are summed from per-record usage.");
  });

  it("GIVEN a manifest whose processed count disagrees with the outputs WHEN joined THEN a warning says so", () => {
    const results = join([converseLine("R000000001", "a")], { manifests: new Map([["job1", manifest]]) });
    expect(results.warnings).toContain("Processed records: 2 by the manifests, 1 in the outputs.");
  });

  it("GIVEN one contributor's share of a pooled job WHEN joined THEN tokens are the share's records' usage, not the whole job's manifest", () => {
    const results = join([converseLine("R000000001", "a", 5, 1)], { manifests: new Map([["job1", manifest]]), shareOfJobs: true });
    expect(results.tokens).toEqual({ inputTokens: 5, outputTokens: 1, source: "records" });
    expect(results.warnings.filter((warning) => /manifest/i.test(warning))).toEqual([]);
  });

  it("GIVEN two jobs, one with a manifest WHEN joined THEN totals are mixed", () => {
    const state = createResultsJoin(plan);
    addOutputLine(state, parsed(converseLine("R000000001", "a", 5, 1)), { job: "job1", file: "a.out", line: 1 });
    addOutputLine(state, parsed(converseLine("R000000002", "b", 7, 3)), { job: "job2", file: "b.out", line: 1 });
    const results = finishResultsJoin(state, { skipped: [], jobs: ["job1", "job2"], manifests: new Map([["job1", manifest]]) });
    expect(results.tokens).toEqual({ inputTokens: 1007, outputTokens: 203, source: "mixed" });
  });
});

describe("structured extraction while joining", () => {
  it("GIVEN requested fields WHEN joined THEN text successes get them and failures note why, rows are kept", () => {
    const results = join(
      [converseLine("R000000001", '```json\n{"name":"Ann","age":31}\n```'), converseLine("R000000002", "Sorry, I cannot."), errorLine("R000000004")],
      { extract: ["name", "age"] },
    );
    expect(results.fieldNames).toEqual(["name", "age"]);
    expect(results.entries.map((entry) => [entry.fields, entry.notes])).toEqual([
      [{ name: "Ann", age: "31" }, []],
      [{ name: "", age: "" }, ["no JSON object found in the output"]],
      [undefined, []],
      [undefined, []],
    ]);
  });

  it("GIVEN auto WHEN rows have different keys THEN the columns are their union in first-seen order", () => {
    const results = join([converseLine("R000000001", '{"a":1,"b":2}'), converseLine("R000000002", 'Here: {"c":3,"a":4}')], { extract: "auto" });
    expect(results.fieldNames).toEqual(["a", "b", "c"]);
    expect(results.entries.slice(0, 2).map((entry) => entry.fields)).toEqual([
      { a: "1", b: "2", c: "" },
      { c: "3", a: "4", b: "" },
    ]);
  });
});
