import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { collectLocalBatchResults } from "../../../src/bedrock/batch/results/collect-batch-results.ts";
import { countLanceDbRows, createLanceDbSink } from "../../../src/bedrock/sinks/lancedb-sink.ts";
import { searchSink } from "../../../src/bedrock/sinks/search-sink.ts";
import { UserFacingError } from "../../../src/bedrock/errors/user-facing-error.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { runtimeClient } from "../../fakes/bedrock/fake-bedrock-test-kit.ts";
import { articleWords, TITAN_V2, writeEmbeddingRun, type EmbeddingRunDirs } from "./embedding-run-kit.ts";

let root: string;
let run: EmbeddingRunDirs;
let fake: FakeBedrock;
let runtime: BedrockRuntimeClient;
const FAILED_ROWS = new Set([10, 500]);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "lancedb-sink-test-"));
  // 1,002 rows, two of them failing: 1,000 vectors to load.
  run = await writeEmbeddingRun(root, 1002, FAILED_ROWS);
  fake = await startFakeBedrock();
  runtime = runtimeClient(fake.url);
});
afterAll(async () => {
  runtime.destroy();
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

const options = () => ({ path: join(root, "lancedb"), table: "articles" });

async function load(outName: string) {
  const sink = createLanceDbSink(options());
  try {
    return await collectLocalBatchResults({ ...run, outDir: join(root, outName), tempDir: root, sink: { sink } });
  } finally {
    await sink.close();
  }
}

describe("LanceDB sink, for real", () => {
  it("GIVEN 1,002 embedded records, 2 failed WHEN loaded THEN 1,000 rows, failed ones not written, and the counts say so", async () => {
    const collected = await load("out-1");
    expect(collected.sink).toEqual({ sink: `LanceDB table "articles" in ${join(root, "lancedb")}`, written: 1000, notWritten: 2, batches: 1 });
    expect(collected.results.counts).toMatchObject({ records: 1002, succeeded: 1000, failed: 2 });
    expect(await countLanceDbRows(options())).toBe(1000);
  });

  it("GIVEN the loaded table WHEN searched with two words of article 417 through the fake Bedrock THEN article 417 comes first with its columns", async () => {
    const sink = createLanceDbSink(options());
    try {
      const [, beta, gamma] = articleWords(417);
      const matches = await searchSink({ sink, runtime, model: TITAN_V2, text: `${gamma} ${beta}`, topK: 3 });
      expect(matches[0]).toMatchObject({ key: "articles.csv#417", metadata: { source: "articles.csv", row: "417", id: "A417", title: "Title 417" } });
      expect(matches[0]!.distance).toBeLessThan(matches[1]!.distance);
      // The query was embedded at the table's dimension through InvokeModel.
      const invoke = fake.requests.find((request) => request.operation === "InvokeModel");
      expect(invoke?.body).toEqual({ inputText: `${gamma} ${beta}`, dimensions: 256, normalize: true });
      // A failed record is not there to be found.
      const failed = await searchSink({ sink, runtime, model: TITAN_V2, text: articleWords(10).join(" "), topK: 1 });
      expect(failed[0]?.key).not.toBe("articles.csv#10");
    } finally {
      await sink.close();
    }
  });

  it("GIVEN the same results loaded again WHEN counted THEN still 1,000 rows (upserted by key, not added)", async () => {
    const again = await load("out-2");
    expect(again.sink?.written).toBe(1000);
    expect(await countLanceDbRows(options())).toBe(1000);
  });

  it("GIVEN a table of 256-dimension vectors WHEN 512-dimension vectors are loaded THEN refused naming both, table unchanged", async () => {
    const other = await writeEmbeddingRun(join(root, "wide"), 3, new Set(), 512);
    const sink = createLanceDbSink(options());
    try {
      const loading = collectLocalBatchResults({ ...other, outDir: join(root, "out-wide"), tempDir: root, sink: { sink } });
      await expect(loading).rejects.toThrow(UserFacingError);
      await expect(loading).rejects.toThrow(/256-dimension vectors; these have 512/);
    } finally {
      await sink.close();
    }
    expect(await countLanceDbRows(options())).toBe(1000);
  });

  it("GIVEN metadata columns the records do not carry WHEN loaded THEN refused before anything is written", async () => {
    const sink = createLanceDbSink({ path: join(root, "lancedb"), table: "never" });
    try {
      await expect(collectLocalBatchResults({ ...run, outDir: join(root, "out-3"), tempDir: root, sink: { sink, metadataColumns: ["titel"] } })).rejects.toThrow(
        /"titel", which the records do not carry; they have: id, title, text/,
      );
    } finally {
      await sink.close();
    }
    expect(await countLanceDbRows({ path: join(root, "lancedb"), table: "never" })).toBe(0);
  });
});
