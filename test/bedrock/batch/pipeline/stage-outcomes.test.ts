import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readStageResults } from "../../../../src/bedrock/batch/pipeline/stage-outcomes.ts";
import type { BatchResults } from "../../../../src/bedrock/batch/results/result-types.ts";
import { createFileVectorStore } from "../../../../src/bedrock/batch/results/vector-store.ts";
import { writeBatchResultsToDirectory } from "../../../../src/bedrock/batch/results/write-batch-results.ts";

let dir = "";
afterEach(async () => rm(dir, { recursive: true, force: true }));

const counts = { inputs: 4, records: 3, succeeded: 1, failed: 1, notProcessed: 1, skipped: 1, malformedLines: 0, unknownRecords: 0, duplicates: 0 };

describe("a stage's results read back", () => {
  it("GIVEN the files the results step writes WHEN read THEN each record's outcome, the skipped rows with their row and the tokens come back", async () => {
    dir = await mkdtemp(join(tmpdir(), "stage-outcomes-"));
    const results: BatchResults = {
      entries: [
        { recordId: "R000000001", provenance: { source: "stage-2.jsonl", row: 1, prompt: "default" }, status: "succeeded", output: { kind: "text", family: "converse", text: "yes" }, notes: [] },
        { recordId: "R000000002", provenance: { source: "stage-2.jsonl", row: 2, prompt: "default" }, status: "failed", error: { errorCode: 400, errorMessage: "bad" }, notes: [] },
        { recordId: "R000000003", provenance: { source: "stage-2.jsonl", row: 3, prompt: "default" }, status: "not_processed", notes: [] },
      ],
      skipped: [{ input: "stage-2.jsonl row 4", reason: "the prompt column is empty" }],
      problems: [],
      counts,
      tokens: { inputTokens: 30, outputTokens: 7, source: "records" },
      manifests: {},
      fieldNames: [],
      inputColumns: [],
      warnings: [],
    };
    const vectors = createFileVectorStore(dir);
    await writeBatchResultsToDirectory(results, dir, { vectors });
    await vectors.close();
    const read = await readStageResults(dir);
    expect(read.tokens).toEqual({ inputTokens: 30, outputTokens: 7 });
    expect(read.outcomes).toEqual([
      { recordId: "R000000001", status: "succeeded", source: "stage-2.jsonl", row: 1, output: "yes" },
      { recordId: "R000000002", status: "failed", source: "stage-2.jsonl", row: 2, error: "400: bad" },
      { recordId: "R000000003", status: "failed", source: "stage-2.jsonl", row: 3, error: expect.stringMatching(/^not_processed: /) as unknown as string },
    ]);
    expect(read.skipped).toEqual([{ input: "stage-2.jsonl row 4", reason: "the prompt column is empty", row: 4 }]);
  });
});
