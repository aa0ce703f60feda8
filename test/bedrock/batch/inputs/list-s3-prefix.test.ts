import { PutObjectCommand, type ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBatchInputLimits } from "../../../../src/bedrock/batch/inputs/batch-input-limits.ts";
import { expandInputs } from "../../../../src/bedrock/batch/inputs/expand-inputs.ts";
import { describeOrigin, type InputEvent } from "../../../../src/bedrock/batch/inputs/input-item.ts";
import { allowedSourceBuckets, listS3Prefix, parseS3Uri, type S3ObjectReader } from "../../../../src/bedrock/batch/inputs/list-s3-prefix.ts";
import { UserFacingError } from "../../../../src/bedrock/errors/user-facing-error.ts";
import { startS3rver, type RunningS3rver } from "../../../fakes/s3/start-s3rver.ts";
import { PNG_1X1 } from "../fixtures/sample-files.ts";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("parseS3Uri and allowedSourceBuckets", () => {
  it("GIVEN S3 URIs WHEN parsed THEN bucket and prefix are split, and a non-S3 string is refused", () => {
    expect(parseS3Uri("s3://my-bucket/in/2024/")).toEqual({ bucket: "my-bucket", prefix: "in/2024/" });
    expect(parseS3Uri("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(() => parseS3Uri("https://example.com/x")).toThrow(UserFacingError);
  });

  it("GIVEN a batch config WHEN asked THEN the batch bucket and allowed_buckets may be read", () => {
    expect(allowedSourceBuckets({ bucket: "batch", allowed_buckets: ["shared"] })).toEqual(["batch", "shared"]);
    expect(allowedSourceBuckets({ allowed_buckets: [] })).toEqual([]);
  });
});

describe("listS3Prefix", () => {
  it("GIVEN a bucket outside the allowed ones WHEN listed THEN it is refused before any request", async () => {
    const reader: S3ObjectReader = {
      send: () => Promise.reject(new Error("no request expected")),
    };
    await expect(collect(listS3Prefix(reader, "s3://elsewhere/x/", ["batch"]))).rejects.toThrow(
      new UserFacingError("The bot may not read from the bucket elsewhere (allowed: batch)."),
    );
  });

  it("GIVEN a listing spread over pages WHEN listed THEN continuation tokens are followed and folder markers left out", async () => {
    const pages = [
      { Contents: [{ Key: "in/", Size: 0 }, { Key: "in/a.txt", Size: 1 }], IsTruncated: true, NextContinuationToken: "t1" },
      { Contents: [{ Key: "in/b.txt", Size: 2 }], IsTruncated: false },
    ];
    const tokens: (string | undefined)[] = [];
    const reader = {
      send: (command: ListObjectsV2Command) => {
        tokens.push(command.input.ContinuationToken);
        return Promise.resolve(pages[tokens.length - 1]);
      },
    } as unknown as S3ObjectReader;
    expect(await collect(listS3Prefix(reader, "s3://batch/in/", ["batch"]))).toEqual([
      { bucket: "batch", key: "in/a.txt", size: 1 },
      { bucket: "batch", key: "in/b.txt", size: 2 },
    ]);
    expect(tokens).toEqual([undefined, "t1"]);
  });
});

describe("expandInputs with S3 sources (s3rver)", () => {
  let server: RunningS3rver;
  let s3: S3Client;

  beforeAll(async () => {
    server = await startS3rver({ buckets: ["batch-bucket"] });
    s3 = server.client;
    const put = (Key: string, Body: Uint8Array | string) => s3.send(new PutObjectCommand({ Bucket: "batch-bucket", Key, Body }));
    await put("in/", "");
    await put("in/cat.png", PNG_1X1);
    await put("in/rows.csv", "q\none\ntwo\n");
    await put("in/big.txt", "x".repeat(5000));
  });

  afterAll(async () => server.close());

  const describeEvent = (event: InputEvent) =>
    event.type === "skipped" ? `skipped ${event.skipped.input}: ${event.skipped.reason}` : `${event.item.kind} ${describeOrigin(event.item.origin)}`;

  it("GIVEN an allowed prefix WHEN expanded THEN each object is read and expanded like a file", async () => {
    const events = await collect(
      expandInputs([{ kind: "s3", uri: "s3://batch-bucket/in/" }], resolveBatchInputLimits({ maxFileBytes: 4000 }), { s3, allowedBuckets: ["batch-bucket"] }),
    );
    expect(events.map(describeEvent)).toEqual([
      "skipped s3://batch-bucket/in/big.txt: the object is 5000 bytes; the limit is 4000 bytes",
      "image s3://batch-bucket/in/cat.png",
      "row s3://batch-bucket/in/rows.csv row 1",
      "row s3://batch-bucket/in/rows.csv row 2",
    ]);
  });

  it("GIVEN an empty prefix WHEN expanded THEN the prefix is one skipped input", async () => {
    const events = await collect(expandInputs([{ kind: "s3", uri: "s3://batch-bucket/nothing/" }], undefined, { s3, allowedBuckets: ["batch-bucket"] }));
    expect(events.map(describeEvent)).toEqual(["skipped s3://batch-bucket/nothing/: no objects under this S3 prefix"]);
  });

  it("GIVEN more objects than the limit WHEN expanded THEN it is refused before any unit is produced", async () => {
    const events = expandInputs(
      [{ kind: "file", filename: "first.txt", bytes: new TextEncoder().encode("hi") }, { kind: "s3", uri: "s3://batch-bucket/in/" }],
      resolveBatchInputLimits({ maxS3Objects: 2 }),
      { s3, allowedBuckets: ["batch-bucket"] },
    );
    await expect(collect(events)).rejects.toThrow(/more than 2 objects/);
  });

  it("GIVEN a file source and a refused bucket WHEN expanded THEN nothing is produced", async () => {
    const events = expandInputs(
      [{ kind: "file", filename: "first.txt", bytes: new TextEncoder().encode("hi") }, { kind: "s3", uri: "s3://other-bucket/in/" }],
      undefined,
      { s3, allowedBuckets: ["batch-bucket"] },
    );
    const seen: InputEvent[] = [];
    await expect(
      (async () => {
        for await (const event of events) seen.push(event);
      })(),
    ).rejects.toThrow(UserFacingError);
    expect(seen).toEqual([]);
  });
});
