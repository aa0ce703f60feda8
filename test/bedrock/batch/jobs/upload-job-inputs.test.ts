import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openS3LineSink } from "../../../../src/bedrock/batch/jobs/upload-job-inputs.ts";
import { BUCKET, startBatchRunKit, type BatchRunKit } from "../run/batch-run-kit.ts";

let kit: BatchRunKit;
beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());

describe("openS3LineSink (streamed upload with the provider's own S3 client)", () => {
  it("GIVEN 12 MB of lines WHEN written through the sink THEN S3 holds exactly those bytes (multipart: parts of 5 MB)", async () => {
    const sink = openS3LineSink(kit.clients.s3, BUCKET, "stream/big.jsonl");
    const expected = createHash("sha256");
    let bytes = 0;
    for (let index = 0; bytes < 12 * 1024 * 1024; index++) {
      const line = `${JSON.stringify({ recordId: `R${index}`, modelInput: { text: "x".repeat(1000) } })}\n`;
      expected.update(line);
      bytes += Buffer.byteLength(line);
      await sink.write(line);
    }
    await sink.close();
    const object = await kit.s3rver.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "stream/big.jsonl" }));
    const stored = Buffer.from(await object.Body!.transformToByteArray());
    expect(stored.length).toBe(bytes);
    expect(createHash("sha256").update(stored).digest("hex")).toBe(expected.digest("hex"));
  });

  it("GIVEN a sink aborted mid-way THEN no object is left", async () => {
    const sink = openS3LineSink(kit.clients.s3, BUCKET, "stream/aborted.jsonl");
    await sink.write("{}\n");
    await sink.abort();
    await expect(kit.s3rver.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "stream/aborted.jsonl" }))).rejects.toMatchObject({ name: "NoSuchKey" });
  });
});
