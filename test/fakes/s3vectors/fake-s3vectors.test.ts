import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateIndexCommand,
  CreateVectorBucketCommand,
  GetIndexCommand,
  GetVectorsCommand,
  ListVectorsCommand,
  NotFoundException,
  PutVectorsCommand,
  QueryVectorsCommand,
  S3VectorsClient,
  ValidationException,
} from "@aws-sdk/client-s3vectors";
import { startFakeS3Vectors, type FakeS3Vectors } from "./index.ts";

let fake: FakeS3Vectors;
let client: S3VectorsClient;
const where = { vectorBucketName: "vectors", indexName: "docs" };
const unit = (at: number, dimension = 4): number[] => Array.from({ length: dimension }, (_, index) => (index === at ? 1 : 0));

beforeAll(async () => {
  fake = await startFakeS3Vectors();
  client = new S3VectorsClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, maxAttempts: 1 });
  await client.send(new CreateVectorBucketCommand({ vectorBucketName: "vectors" }));
  await client.send(
    new CreateIndexCommand({ ...where, dataType: "float32", dimension: 4, distanceMetric: "cosine", metadataConfiguration: { nonFilterableMetadataKeys: ["body"] } }),
  );
});
afterAll(async () => {
  client.destroy();
  await fake.close();
});

describe("fake S3 Vectors through the real SDK", () => {
  it("GIVEN an index WHEN GetIndex THEN the SDK reads its dimension, metric, non-filterable keys and creation time", async () => {
    const { index } = await client.send(new GetIndexCommand(where));
    expect(index).toMatchObject({ indexName: "docs", dimension: 4, distanceMetric: "cosine", dataType: "float32", metadataConfiguration: { nonFilterableMetadataKeys: ["body"] } });
    expect(index?.creationTime).toBeInstanceOf(Date);
  });

  it("GIVEN the same index created twice or a missing one read WHEN called THEN ConflictException and NotFoundException", async () => {
    await expect(client.send(new CreateIndexCommand({ ...where, dataType: "float32", dimension: 4, distanceMetric: "cosine" }))).rejects.toBeInstanceOf(ConflictException);
    await expect(client.send(new GetIndexCommand({ ...where, indexName: "nope" }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it("GIVEN vectors put twice under the same keys WHEN listed and queried THEN they are overwritten, not added, and the nearest comes first", async () => {
    const put = (title: string) =>
      client.send(new PutVectorsCommand({ ...where, vectors: [0, 1, 2].map((at) => ({ key: `k${at}`, data: { float32: unit(at) }, metadata: { title: `${title}${at}` } })) }));
    await put("first");
    await put("second");
    const listed = await client.send(new ListVectorsCommand({ ...where, returnMetadata: true }));
    expect(listed.vectors?.map((vector) => [vector.key, vector.metadata])).toEqual([
      ["k0", { title: "second0" }],
      ["k1", { title: "second1" }],
      ["k2", { title: "second2" }],
    ]);
    const query = await client.send(new QueryVectorsCommand({ ...where, topK: 2, queryVector: { float32: [0.1, 0.9, 0, 0] }, returnDistance: true, returnMetadata: true }));
    expect(query.vectors?.map((vector) => vector.key)).toEqual(["k1", "k0"]);
    expect(query.vectors?.[0]?.distance).toBeCloseTo(1 - 0.9 / Math.hypot(0.1, 0.9), 6);
    const got = await client.send(new GetVectorsCommand({ ...where, keys: ["k2", "missing"], returnData: true }));
    expect(got.vectors).toEqual([{ key: "k2", data: { float32: unit(2) } }]);
  });

  it("GIVEN requests over the documented limits WHEN sent THEN ValidationException names the limit and nothing is stored", async () => {
    const before = fake.state.buckets.get("vectors")?.get("docs")?.vectors.size;
    const many = Array.from({ length: 501 }, (_, index) => ({ key: `m${index}`, data: { float32: unit(index % 4) } }));
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: many }))).rejects.toThrow(/at most 500 per request/);
    const filterable = { key: "f", data: { float32: unit(0) }, metadata: { title: "x".repeat(2100) } };
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: [filterable] }))).rejects.toThrow(/Filterable metadata must have at most 2048 bytes/);
    // The same size under a non-filterable key is fine up to 40 KB in all.
    const total = { key: "t", data: { float32: unit(0) }, metadata: { body: "y".repeat(41 * 1024) } };
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: [total] }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: [{ key: "d", data: { float32: [1, 2, 3] } }] }))).rejects.toThrow(/dimension 3 does not match index dimension 4/);
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: [{ key: "z", data: { float32: [0, 0, 0, 0] } }] }))).rejects.toThrow(/Zero vectors/);
    await expect(client.send(new QueryVectorsCommand({ ...where, topK: 101, queryVector: { float32: unit(0) } }))).rejects.toThrow(/topK: 1 to 100/);
    expect(fake.state.buckets.get("vectors")?.get("docs")?.vectors.size).toBe(before);
  });

  it("GIVEN a body over 20 MiB WHEN put THEN refused for its size", async () => {
    const big = { key: "big", data: { float32: unit(0) }, metadata: { body: "b".repeat(10) } };
    const vectors = Array.from({ length: 400 }, (_, index) => ({ ...big, key: `big${index}`, metadata: { body: "b".repeat(39 * 1024), pad: "p".repeat(10) } }));
    // 400 x ~40 KB = ~16 MB of metadata: under 20 MiB, and each vector within 40 KB, so it is accepted...
    await client.send(new PutVectorsCommand({ ...where, vectors }));
    // ...while 500 x 42 KB of padding is over 20 MiB as a request.
    const over = Array.from({ length: 500 }, (_, index) => ({ key: `o${index}`, data: { float32: unit(0) }, metadata: { body: "o".repeat(42 * 1024) } }));
    await expect(client.send(new PutVectorsCommand({ ...where, vectors: over }))).rejects.toThrow(/payload of \d+ bytes exceeds/);
  });

  it("GIVEN an unsigned request WHEN sent THEN 403 like AWS", async () => {
    const response = await fetch(`${fake.url}/GetIndex`, { method: "POST", body: JSON.stringify(where), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException/);
  });
});
