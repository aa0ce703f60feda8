/**
 * Issue 15 benchmark: vectors written per second into LanceDB (a local folder, for real) and into the fake S3 Vectors
 * (the real SDK over HTTP), batched as the sinks write them (LanceDB merges of up to 5,000, PutVectors of 500) against
 * one vector per call, in the same process. One-at-a-time runs cover a sample (every call is a LanceDB table version
 * or an HTTP round trip); the figures are rates, so they compare. Against the fake, the S3 Vectors figure measures our
 * client side and the SDK, not AWS.
 */
import { CreateVectorBucketCommand, S3VectorsClient } from "@aws-sdk/client-s3vectors";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLanceDbSink } from "../src/bedrock/sinks/lancedb-sink.ts";
import { createS3VectorsSink } from "../src/bedrock/sinks/s3vectors-sink.ts";
import type { SinkVector, VectorSink } from "../src/bedrock/sinks/vector-sink.ts";
import { startFakeS3Vectors } from "../test/fakes/s3vectors/index.ts";
import { isMain, numberFlag } from "./is-main.ts";

const CREDENTIALS = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" };

/** Deterministic unit vectors with an id and a title, as an embedding run's records carry. */
function makeVectors(count: number, dimension: number): SinkVector[] {
  let seed = 42;
  const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, (_, index) => {
    const raw = Array.from({ length: dimension }, next);
    const norm = Math.hypot(...raw);
    return { key: `articles.csv#${index + 1}`, vector: raw.map((value) => value / norm), metadata: { source: "articles.csv", row: String(index + 1), id: `A${index + 1}`, title: `Title ${index + 1}` } };
  });
}

/** Upserts `vectors` in calls of `perCall`; returns vectors per second. */
async function rate(sink: VectorSink, vectors: readonly SinkVector[], perCall: number): Promise<{ vectors: number; seconds: number; vectorsPerSecond: number }> {
  const started = performance.now();
  for (let start = 0; start < vectors.length; start += perCall) await sink.upsert(vectors.slice(start, start + perCall));
  const seconds = (performance.now() - started) / 1000;
  return { vectors: vectors.length, seconds: Math.round(seconds * 1000) / 1000, vectorsPerSecond: Math.round(vectors.length / seconds) };
}

export async function benchSinks(opts: { vectors: number; sample: number; dimension: number }): Promise<Record<string, unknown>> {
  const vectors = makeVectors(opts.vectors, opts.dimension);
  const sample = vectors.slice(0, opts.sample);
  const dir = await mkdtemp(join(tmpdir(), "bench-sinks-"));
  const fake = await startFakeS3Vectors();
  try {
    const lance = (table: string) => createLanceDbSink({ path: join(dir, "lancedb"), table });
    const batchedLance = lance("batched");
    const lanceBatched = await rate(batchedLance, vectors, batchedLance.maxBatch);
    const lanceReUpsert = await rate(batchedLance, vectors, batchedLance.maxBatch);
    await batchedLance.close();
    const singleLance = lance("single");
    const lanceSingle = await rate(singleLance, sample, 1);
    await singleLance.close();

    const admin = new S3VectorsClient({ endpoint: fake.url, region: "us-east-1", credentials: CREDENTIALS });
    await admin.send(new CreateVectorBucketCommand({ vectorBucketName: "bench" }));
    admin.destroy();
    const s3 = (index: string) => createS3VectorsSink({ vectorBucket: "bench", index, client: { endpoint: fake.url, region: "us-east-1", credentials: CREDENTIALS } });
    const batchedS3 = s3("batched");
    const s3Batched = await rate(batchedS3, vectors, batchedS3.maxBatch);
    await batchedS3.close();
    const singleS3 = s3("single");
    const s3Single = await rate(singleS3, sample, 1);
    await singleS3.close();

    const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
    return {
      name: "sinks",
      dimension: opts.dimension,
      lancedb: { batched: lanceBatched, reUpsertSameKeys: lanceReUpsert, oneAtATime: lanceSingle, ratio: ratio(lanceBatched.vectorsPerSecond, lanceSingle.vectorsPerSecond) },
      s3vectorsFake: { batched: s3Batched, oneAtATime: s3Single, ratio: ratio(s3Batched.vectorsPerSecond, s3Single.vectorsPerSecond) },
    };
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const result = await benchSinks({ vectors: numberFlag("--vectors", 10_000), sample: numberFlag("--sample", 200), dimension: numberFlag("--dimension", 1024) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
