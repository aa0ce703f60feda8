/**
 * Batch outputs from the corpus (AWS's own documentation example, recorded Converse responses in the documented line
 * format, and each legacy family's documented response shape) through the result parsers and the whole local collect.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectLocalBatchResults } from "../../../src/bedrock/batch/results/collect-batch-results.ts";
import { parseBatchOutputLine } from "../../../src/bedrock/batch/results/parse-batch-output-line.ts";
import { writeProvenanceFile } from "../../../src/bedrock/batch/results/provenance-file.ts";
import { corpusText } from "../../fakes/replay/recordings.ts";

function linesOf(path: string) {
  return corpusText(path)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => parseBatchOutputLine(line));
}

function byRecord(path: string) {
  return Object.fromEntries(linesOf(path).map((row) => ["recordId" in row ? row.recordId : "?", row]));
}

describe("GIVEN the legacy families' documented output shapes", () => {
  // Before: every one of these was `failed` with unrecognized_output, although answered and billed.
  const rows = byRecord("batch/documented-shapes.jsonl.out");

  it.each([
    ["CLTXT000001", { family: "claude-text", text: " Red.", stopReason: "stop_sequence" }],
    ["COHERE00001", { family: "cohere", text: " Red.", stopReason: "COMPLETE" }],
    ["COHERER0001", { family: "cohere", text: "Red.", stopReason: "COMPLETE" }],
    ["AI21J200001", { family: "ai21", text: "\nRed.", stopReason: "endoftext", usage: { inputTokens: 4, outputTokens: 2 } }],
    ["AI21JAMBA01", { family: "mistral", text: "Red.", stopReason: "stop", usage: { inputTokens: 14, outputTokens: 3 } }],
  ])("WHEN %s is parsed THEN its text, stop reason and tokens (where the format has them) are read", (recordId, output) => {
    expect(rows[recordId]).toEqual({ recordId, status: "succeeded", output: { kind: "text", ...output } });
  });

  it("WHEN a Claude messages output has a thinking block and cache counts THEN both are kept on the row", () => {
    expect(rows.CLMSG000001).toMatchObject({
      status: "succeeded",
      output: {
        text: "Red.",
        reasoning: "Red, yellow and blue are the traditional primaries.",
        usage: { inputTokens: 12, outputTokens: 30, cacheReadInputTokens: 2048, cacheWriteInputTokens: 0 },
      },
    });
  });

  it("WHEN a Converse output reports cache reads and writes THEN they are kept as cacheReadInputTokens / cacheWriteInputTokens", () => {
    expect(rows.CONVCACHE01).toMatchObject({ output: { usage: { inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 1024, cacheWriteInputTokens: 2088 } } });
  });

  it("WHEN an output has a shape nobody knows THEN the row is failed with an explanation, never a crash", () => {
    expect(rows.UNKNOWN0001).toEqual({
      recordId: "UNKNOWN0001",
      status: "failed",
      error: {
        errorCode: "unrecognized_output",
        errorMessage:
          "modelOutput of no known model family (keys artifacts): the record was answered (and billed) but this bot cannot read the answer; the raw output is in the job's .jsonl.out file",
      },
    });
  });
});

describe("GIVEN a recorded Claude 3 Haiku InvokeModel output line (recordId last, a stop sequence, Cyrillic text)", () => {
  it("WHEN parsed THEN text, stop reason and usage are Bedrock's", () => {
    expect(byRecord("batch/claude-haiku-invokemodel-recorded.jsonl.out").meta_Appliances_0_0).toEqual({
      recordId: "meta_Appliances_0_0",
      status: "succeeded",
      output: {
        kind: "text",
        family: "claude",
        text: "HANSGO Держатель для яиц для холодильника, диспенсер для яиц в горшочках, стопки для хранения яиц, пластиковые контейнеры для яиц, вмещающие до 10 яиц",
        stopReason: "stop_sequence",
        usage: { inputTokens: 111, outputTokens: 73 },
      },
    });
  });
});

describe("GIVEN recorded Converse responses in batch output lines", () => {
  it("WHEN parsed THEN the reasoning is kept apart from the text and the recorded cache counts (0) are carried", () => {
    const rows = byRecord("batch/converse-recorded-outputs.jsonl.out");
    expect(rows.CONV0000001).toMatchObject({
      status: "succeeded",
      output: {
        family: "converse",
        text: 'There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y',
        reasoning: 'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.',
        usage: { inputTokens: 51, outputTokens: 78, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      },
    });
    expect(rows.CONV0000002).toMatchObject({ output: { stopReason: "end_turn", usage: { inputTokens: 22, outputTokens: 57 } } });
  });
});

describe("GIVEN AWS's documented Titan Text batch output (spaces around colons, a per-record error) and a manifest", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "real-batch-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Before: the Titan Text success was `failed` (unrecognized_output) although the manifest counted it a success.
  it("WHEN collected THEN the success has its text, stop reason and tokens, the error keeps AWS's code and message", async () => {
    const fromDir = join(root, "from");
    await mkdir(fromDir);
    await copyFile(new URL("../../fixtures/real/batch/titan-text-docs-example.jsonl.out", import.meta.url), join(fromDir, "input.jsonl.out"));
    await copyFile(new URL("../../fixtures/real/batch/manifest-docs-example.json.out", import.meta.url), join(fromDir, "manifest.json.out"));
    const planDir = join(root, "plan");
    await mkdir(planDir);
    const provenance = (recordId: string, row: number) => ({ recordId, provenance: { source: "poems.csv", row, prompt: "complete" } });
    await writeProvenanceFile(planDir, [provenance("3223593EFGH", 1), provenance("1223213ABCD", 2)], []);

    const { results } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out"), prices: { price_in: 0.2, price_out: 0.6 } });

    expect(results.counts).toMatchObject({ records: 2, succeeded: 1, failed: 1, malformedLines: 0 });
    expect(results.warnings).toEqual(["1 record failed; see the error column."]); // no manifest disagreement, no malformed line
    expect(results.entries.map(({ recordId, status }) => [recordId, status])).toEqual([
      ["3223593EFGH", "succeeded"],
      ["1223213ABCD", "failed"],
    ]);
    expect(results.entries[0]).toMatchObject({ output: { family: "titan-text", text: "blue\n", stopReason: "FINISH", usage: { inputTokens: 8, outputTokens: 3 } } });
    expect(results.entries[1]).toMatchObject({ error: { errorCode: 400, errorMessage: "bad request" } });
    const csv = await readFile(join(root, "out", "results.csv"), "utf8");
    expect(csv).toContain('3223593EFGH,poems.csv,,1,complete,"blue\n",FINISH,8,3,,succeeded,');
  });
});
