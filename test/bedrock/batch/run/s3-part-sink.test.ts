import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openS3PartSink } from "../../../../src/bedrock/batch/run/s3-part-sink.ts";
import { BUCKET, startBatchRunKit, type BatchRunKit } from "./batch-run-kit.ts";

let kit: BatchRunKit;
beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());

async function stored(key: string): Promise<Buffer> {
  const object = await kit.s3rver.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe("openS3PartSink (lines encoded into two part buffers, with the provider's own S3 client)", () => {
  it("GIVEN 12 MB of multi-byte lines of varying length WHEN written THEN S3 holds exactly those bytes (5 MiB parts, a shorter last one)", async () => {
    const sink = openS3PartSink(kit.clients.s3, BUCKET, "parts/big.jsonl");
    const lines: string[] = [];
    for (let index = 0, bytes = 0; bytes < 12 * 1024 * 1024; index++) {
      lines.push(`${JSON.stringify({ recordId: `R${index}`, text: "é🎉x".repeat(index % 700) })}\n`);
      bytes += Buffer.byteLength(lines[index]!);
    }
    for (const line of lines) await sink.write(line);
    await sink.close();
    const expected = Buffer.from(lines.join(""));
    const object = await stored("parts/big.jsonl");
    expect(object.length).toBe(expected.length);
    expect(createHash("sha256").update(object).digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
  });

  it("GIVEN multi-byte lines straddling parts and one line longer than a part WHEN written with 64-byte parts THEN the bytes are intact", async () => {
    const lines = ["héllo wörld 🎉 ".repeat(3), "€".repeat(200), "short", "ü".repeat(63), "tail 🎉"].map((text) => `${JSON.stringify({ text })}\n`);
    const sink = openS3PartSink(kit.clients.s3, BUCKET, "parts/straddling.jsonl", "application/jsonl", 64);
    for (const line of lines) await sink.write(line);
    await sink.close();
    expect((await stored("parts/straddling.jsonl")).toString("utf8")).toBe(lines.join(""));
  });

  it("GIVEN a file within one part WHEN closed THEN it is one object with the content type, and an empty file is an empty object", async () => {
    const sink = openS3PartSink(kit.clients.s3, BUCKET, "parts/small.jsonl");
    await sink.write('{"recordId":"R1"}\n');
    await sink.close();
    expect((await stored("parts/small.jsonl")).toString("utf8")).toBe('{"recordId":"R1"}\n');
    const head = await kit.s3rver.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "parts/small.jsonl" }));
    expect(head.ContentType).toBe("application/jsonl");

    const empty = openS3PartSink(kit.clients.s3, BUCKET, "parts/empty.jsonl");
    await empty.close();
    expect((await stored("parts/empty.jsonl")).length).toBe(0);
  });

  it("GIVEN a sink aborted after parts were sent THEN no object is left", async () => {
    const sink = openS3PartSink(kit.clients.s3, BUCKET, "parts/aborted.jsonl", "application/jsonl", 16);
    for (let index = 0; index < 10; index++) await sink.write(`{"recordId":"R${index}"}\n`);
    await sink.abort();
    await expect(kit.s3rver.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "parts/aborted.jsonl" }))).rejects.toMatchObject({ name: "NoSuchKey" });
  });

  it("GIVEN a bucket that does not exist WHEN a part is sent THEN the write rejects with S3's error", async () => {
    const sink = openS3PartSink(kit.clients.s3, "no-such-bucket", "parts/x.jsonl", "application/jsonl", 16);
    await expect(sink.write(`${"x".repeat(40)}\n`)).rejects.toMatchObject({ name: "NoSuchBucket" });
  });
});
