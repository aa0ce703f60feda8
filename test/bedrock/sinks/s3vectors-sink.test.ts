import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateVectorBucketCommand, S3VectorsClient } from "@aws-sdk/client-s3vectors";
import { collectLocalBatchResults } from "../../../src/bedrock/batch/results/collect-batch-results.ts";
import { createS3VectorsSink, type S3VectorsSink } from "../../../src/bedrock/sinks/s3vectors-sink.ts";
import { startFakeS3Vectors, type FakeS3Vectors } from "../../fakes/s3vectors/index.ts";
import { FAKE_CREDENTIALS } from "../../fakes/bedrock/fake-bedrock-test-kit.ts";
import { writeEmbeddingRun } from "./embedding-run-kit.ts";

let root: string;
let fake: FakeS3Vectors;
const BUCKET = "article-vectors";

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "s3vectors-sink-test-"));
  fake = await startFakeS3Vectors();
  const client = new S3VectorsClient({ endpoint: fake.url, region: "us-east-1", credentials: FAKE_CREDENTIALS });
  await client.send(new CreateVectorBucketCommand({ vectorBucketName: BUCKET }));
  client.destroy();
});
afterAll(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

const sinkOn = (index: string): S3VectorsSink =>
  createS3VectorsSink({ vectorBucket: BUCKET, index, client: { endpoint: fake.url, region: "us-east-1", credentials: FAKE_CREDENTIALS, maxAttempts: 1 } });

const stored = (index: string) => fake.state.buckets.get(BUCKET)?.get(index)?.vectors;

describe("S3 Vectors sink through the real SDK and the fake", () => {
  it("GIVEN 1,200 embedded records WHEN loaded twice THEN PutVectors calls of at most 500, 1,200 vectors once, nearest found", async () => {
    const run = await writeEmbeddingRun(join(root, "run"), 1200);
    const sink = sinkOn("articles");
    try {
      const first = await collectLocalBatchResults({ ...run, outDir: join(root, "out-1"), tempDir: root, sink: { sink, metadataColumns: ["id", "title"] } });
      expect(first.sink).toMatchObject({ written: 1200, notWritten: 0, batches: 3 });
      const puts = fake.calls.filter((call) => call.operation === "PutVectors");
      expect(puts.map((call) => call.vectors)).toEqual([500, 500, 200]);
      expect(fake.calls.map((call) => call.operation).slice(1, 3)).toEqual(["GetIndex", "CreateIndex"]);
      expect(stored("articles")?.size).toBe(1200);

      await collectLocalBatchResults({ ...run, outDir: join(root, "out-2"), tempDir: root, sink: { sink, metadataColumns: ["id", "title"] } });
      expect(stored("articles")?.size).toBe(1200);
      expect(stored("articles")?.get("articles.csv#77")?.metadata).toEqual({ source: "articles.csv", row: "77", id: "A77", title: "Title 77" });

      const query = Array.from(await sink.query(Array.from(stored("articles")?.get("articles.csv#77")?.data ?? []), 2));
      expect(query[0]).toMatchObject({ key: "articles.csv#77", metadata: { id: "A77" } });
      expect(query[0]?.distance).toBeCloseTo(0, 5);
      expect(await sink.dimension()).toBe(256);
    } finally {
      await sink.close();
    }
  });

  it("GIVEN metadata over S3 Vectors' limits WHEN upserted THEN values are cut to fit (counted), never refused, never the vector dropped", async () => {
    const sink = sinkOn("long-texts");
    try {
      const long = "word ".repeat(20_000); // 100 KB: over 40 KB total
      await sink.upsert([
        { key: "k1", vector: [1, 0], metadata: { source: "a.csv", row: "1", body: long, summary: "s".repeat(3000) } },
        // `note` was not a column when the index was made: filterable, so cut to 2 KB with the other filterable keys.
        { key: "k2", vector: [0, 1], metadata: { source: "a.csv", row: "2", body: "short", summary: "fine", note: "n".repeat(5000) } },
      ]);
      expect(sink.metadataCut).toBe(2);
      const k1 = stored("long-texts")?.get("k1")?.metadata as Record<string, string>;
      expect(k1.source).toBe("a.csv");
      expect(k1.body?.endsWith("…")).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(k1))).toBeLessThan(41 * 1024);
      const k2 = stored("long-texts")?.get("k2")?.metadata as Record<string, string>;
      expect(k2.note?.length).toBeLessThan(2048);
      expect(k2.row).toBe("2");
    } finally {
      await sink.close();
    }
  });
});
