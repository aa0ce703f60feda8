import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3rverClientConfig } from "./s3rver-client-config.ts";
import { startS3rver } from "./start-s3rver.ts";
import type { RunningS3rver } from "./start-s3rver.ts";

const BUCKET = "kit-bucket";
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: [BUCKET] });
});
afterAll(async () => {
  await s3.close();
});

async function getText(client: S3Client, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return object.Body!.transformToString();
}

describe("startS3rver", () => {
  it("GIVEN a started s3rver WHEN an object is put and read back THEN the bytes are the same", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "put/a.txt", Body: "hello s3rver" }));

    expect(await getText(s3.client, "put/a.txt")).toBe("hello s3rver");
  });

  it("GIVEN a stream body WHEN PutObject sends it THEN the object holds the payload, not aws-chunked framing", async () => {
    const payload = '{"recordId":"R1"}\n'.repeat(20);
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "put/stream.jsonl", Body: Readable.from([Buffer.from(payload)]), ContentLength: payload.length }),
    );

    expect(await getText(s3.client, "put/stream.jsonl")).toBe(payload);
  });

  it("GIVEN the SDK's default checksum settings WHEN a stream body is PutObject'ed THEN s3rver stores the aws-chunked framing (why the kit uses WHEN_REQUIRED)", async () => {
    const defaults = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const payload = "abc\n";
    await defaults.send(new PutObjectCommand({ Bucket: BUCKET, Key: "put/chunked.txt", Body: Readable.from([Buffer.from(payload)]), ContentLength: payload.length }));
    defaults.destroy();

    const stored = await getText(s3.client, "put/chunked.txt");
    expect(stored).not.toBe(payload);
    expect(stored).toMatch(/^4\r\nabc\n\r\n0\r\nx-amz-checksum-crc32:/);
  });

  it("GIVEN objects under two prefixes WHEN listed with a prefix and a small page size THEN pages cover exactly that prefix", async () => {
    for (const name of ["1", "2", "3"]) {
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `list/in/${name}.jsonl`, Body: name }));
    }
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "list/other.txt", Body: "x" }));

    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "list/in/", MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token !== undefined);

    expect(keys).toEqual(["list/in/1.jsonl", "list/in/2.jsonl", "list/in/3.jsonl"]);
  });

  it("GIVEN 11 MB from a stream WHEN lib-storage uploads it in 5 MB parts THEN the multipart object is whole", async () => {
    const parts = [Buffer.alloc(6 * 1024 * 1024, 1), Buffer.alloc(5 * 1024 * 1024, 2)];
    await new Upload({ client: s3.client, partSize: 5 * 1024 * 1024, params: { Bucket: BUCKET, Key: "multipart/big.bin", Body: Readable.from(parts) } }).done();

    const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "multipart/big.bin" }));
    const bytes = await object.Body!.transformToByteArray();
    expect(bytes.length).toBe(11 * 1024 * 1024);
    expect([bytes[0], bytes[6 * 1024 * 1024 - 1], bytes[6 * 1024 * 1024], bytes.at(-1)]).toEqual([1, 1, 2, 2]);
  });

  it("GIVEN objects WHEN DeleteObjects (a checksum-required operation) removes them THEN they are gone", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "delete/a", Body: "a" }));

    await s3.client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "delete/a" }] } }));

    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "delete/" }));
    expect(page.Contents ?? []).toEqual([]);
  });

  it("GIVEN a second client from s3rverClientConfig WHEN it creates a bucket THEN the kit's client sees it", async () => {
    const other = new S3Client(s3rverClientConfig(s3.endpoint));
    await other.send(new CreateBucketCommand({ Bucket: "second-bucket" }));
    await other.send(new PutObjectCommand({ Bucket: "second-bucket", Key: "k", Body: "v" }));
    other.destroy();

    const object = await s3.client.send(new GetObjectCommand({ Bucket: "second-bucket", Key: "k" }));
    expect(await object.Body!.transformToString()).toBe("v");
  });

  it("GIVEN a port already in use WHEN another kit starts on it THEN start rejects with s3rver's error", async () => {
    const port = Number(new URL(s3.endpoint).port);

    await expect(startS3rver({ port })).rejects.toThrow(/s3rver did not start: .*EADDRINUSE/s);
  });

  it("GIVEN a kit WHEN it is closed THEN close can be called again and its endpoint stops answering", async () => {
    const kit = await startS3rver();
    const client = new S3Client({ ...s3rverClientConfig(kit.endpoint), maxAttempts: 1 });
    await kit.close();
    await kit.close();

    await expect(client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toThrow();
    client.destroy();
  });
});
