import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { readFile } from "node:fs/promises";
import { jobOutputPrefix, listS3BatchOutput } from "../../../../src/bedrock/batch/results/batch-output-s3-client.ts";
import { readBatchResults } from "../../../../src/bedrock/batch/results/read-batch-results.ts";
import { MAX_PRESIGN_SECONDS, presignResultUrl } from "../../../../src/bedrock/batch/results/presign-result-url.ts";
import { createMemoryVectorStore } from "../../../../src/bedrock/batch/results/vector-store.ts";
import { startS3rver, type RunningS3rver } from "../../../fakes/s3/start-s3rver.ts";
import { FIXTURES_DIR } from "./fixture-lines.ts";

const BUCKET = "batch-bucket";
const JOB_ARN = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123def456";
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: [BUCKET] });
  const fixture = async (name: string): Promise<string> => readFile(new URL(name, FIXTURES_DIR), "utf8");
  const converse = (await fixture("batch-converse.jsonl.out")).trim().split("\n");
  const objects: Record<string, string> = {
    // The job's outputs, split over two files as Bedrock does for two input files.
    "out/abc123def456/part-1.jsonl.out": `${converse[0]}\n${converse[1]}\n`,
    "out/abc123def456/part-2.jsonl.out": `${converse[2]}\n`,
    "out/abc123def456/manifest.json.out": await fixture("manifest.json.out"),
    "out/abc123def456/notes.txt": "not an output",
    // Another job under the same output prefix must not be read.
    "out/otherjob0001/part-1.jsonl.out": '{"recordId":"R0000000000","modelOutput":{"generation":"wrong job"}}\n',
  };
  for (const [Key, Body] of Object.entries(objects)) await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
});

afterAll(async () => {
  await s3.close();
});

describe("listS3BatchOutput", () => {
  it("GIVEN a job ARN WHEN its prefix is built THEN it is <output prefix>/<jobId>/", () => {
    expect(jobOutputPrefix("out", JOB_ARN)).toBe("out/abc123def456/");
    expect(jobOutputPrefix("out/", "abc123def456")).toBe("out/abc123def456/");
    expect(jobOutputPrefix("", JOB_ARN)).toBe("abc123def456/");
  });

  it("GIVEN outputs listed one key per page WHEN read THEN every .out file is found and the manifest kept apart", async () => {
    const source = await listS3BatchOutput(s3.client, { bucket: BUCKET, prefix: jobOutputPrefix("out", JOB_ARN), pageSize: 1 });
    expect(source.job).toBe("abc123def456");
    expect(source.files.map((file) => file.name)).toEqual(["part-1.jsonl.out", "part-2.jsonl.out"]);
    expect(JSON.parse((await source.readManifest()) ?? "null")).toMatchObject({ inputTokenCount: 32, outputTokenCount: 14 });
  });

  it("GIVEN S3 outputs and a plan WHEN read THEN records from both files join by recordId", async () => {
    const source = await listS3BatchOutput(s3.client, { bucket: BUCKET, prefix: "out/abc123def456/" });
    const provenance = new Map(["R0000000000", "R0000000001", "R0000000002"].map((id, index) => [id, { source: "a.csv", row: index + 1, prompt: "default" }]));
    const results = await readBatchResults({ sources: [source], provenance, skipped: [], vectors: createMemoryVectorStore() });
    expect(results.entries.map((entry) => [entry.recordId, entry.status, entry.at?.file])).toEqual([
      ["R0000000000", "succeeded", "part-1.jsonl.out"],
      ["R0000000001", "failed", "part-2.jsonl.out"],
      ["R0000000002", "succeeded", "part-1.jsonl.out"],
    ]);
    expect(results.tokens).toEqual({ inputTokens: 32, outputTokens: 14, source: "manifest" });
    expect(results.warnings).toEqual(["1 record failed; see the error column."]);
  });

  it("GIVEN a job without outputs WHEN listed THEN there are no files and no manifest", async () => {
    const source = await listS3BatchOutput(s3.client, { bucket: BUCKET, prefix: "out/nothinghere0/" });
    expect(source.files).toEqual([]);
    expect(await source.readManifest()).toBeUndefined();
  });
});

describe("presignResultUrl", () => {
  it("GIVEN a result file WHEN presigned with the default expiry THEN the link lasts 7 days and downloads the file", async () => {
    const url = await presignResultUrl(s3.client, { bucket: BUCKET, key: "out/abc123def456/manifest.json.out", downloadName: "résumé.json" });
    const parsed = new URL(url);
    expect(parsed.searchParams.get("X-Amz-Expires")).toBe(String(MAX_PRESIGN_SECONDS));
    expect(parsed.searchParams.get("response-content-disposition")).toBe(`attachment; filename="r_sum_.json"; filename*=UTF-8''r%C3%A9sum%C3%A9.json`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toMatchObject({ totalRecordCount: 3 });
  });

  it("GIVEN an expiry beyond SigV4's 7 days or not whole seconds WHEN presigned THEN it is refused", async () => {
    await expect(presignResultUrl(s3.client, { bucket: BUCKET, key: "k", expiresInSeconds: MAX_PRESIGN_SECONDS + 1 })).rejects.toThrow(RangeError);
    await expect(presignResultUrl(s3.client, { bucket: BUCKET, key: "k", expiresInSeconds: 1.5 })).rejects.toThrow(RangeError);
    const url = await presignResultUrl(s3.client, { bucket: BUCKET, key: "k", expiresInSeconds: 3600 });
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("3600");
  });
});
