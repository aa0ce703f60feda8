/**
 * Helpers for the batch tests: s3rver + the fake + a real `BedrockClient`, input files, job creation with sensible
 * defaults, and reading a job's outputs back from S3.
 */
import { BedrockClient, CreateModelInvocationJobCommand } from "@aws-sdk/client-bedrock";
import type { CreateModelInvocationJobCommandInput } from "@aws-sdk/client-bedrock";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { startS3rver } from "../../s3/start-s3rver.ts";
import type { RunningS3rver } from "../../s3/start-s3rver.ts";
import { FAKE_CREDENTIALS } from "../fake-bedrock-test-kit.ts";
import { startFakeBedrock } from "../index.ts";
import type { BatchSettingsOverrides, FakeBedrock } from "../index.ts";
import { parseS3Uri } from "./s3-uri.ts";

export const BUCKET = "batch-bucket";
export const ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockBatchRole";
export const CLAUDE = "anthropic.claude-3-5-haiku-20241022-v1:0";

export interface BatchKit {
  s3: RunningS3rver;
  fake: FakeBedrock;
  control: BedrockClient;
  close(): Promise<void>;
}

/** Small quotas so inputs stay small: minimum 4 records per job unless a test sets its own. */
export async function startBatchKit(settings: BatchSettingsOverrides = { minRecordsPerJob: 4 }): Promise<BatchKit> {
  const s3 = await startS3rver({ buckets: [BUCKET] });
  const fake = await startFakeBedrock({ s3: { endpoint: s3.endpoint }, batch: settings });
  const control = new BedrockClient({ endpoint: fake.url, region: "us-east-1", credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
  return {
    s3,
    fake,
    control,
    close: async () => {
      control.destroy();
      await fake.close();
      await s3.close();
    },
  };
}

/** `count` Converse records `R000`, `R001`, ... asking "question N". */
export function converseRecords(count: number, prefix = "R"): { recordId: string; modelInput: unknown }[] {
  return Array.from({ length: count }, (_, index) => ({
    recordId: `${prefix}${String(index).padStart(3, "0")}`,
    modelInput: { messages: [{ role: "user", content: [{ text: `question ${index}` }] }], inferenceConfig: { maxTokens: 64 } },
  }));
}

export function toJsonl(records: readonly unknown[]): string {
  return `${records.map((record) => JSON.stringify(record)).join("\n")}\n`;
}

export async function putObject(kit: BatchKit, key: string, body: string | Uint8Array): Promise<void> {
  await kit.s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** Creates a Converse-type job on Claude over `s3://BUCKET/<inputKey>`, output to `s3://BUCKET/out/`. */
export async function createJob(kit: BatchKit, overrides: Partial<CreateModelInvocationJobCommandInput> & { inputKey?: string } = {}): Promise<string> {
  const { inputKey = "in/", ...input } = overrides;
  const response = await kit.control.send(
    new CreateModelInvocationJobCommand({
      jobName: "test-job",
      roleArn: ROLE_ARN,
      modelId: CLAUDE,
      modelInvocationType: "Converse",
      inputDataConfig: { s3InputDataConfig: { s3Uri: `s3://${BUCKET}/${inputKey}`, s3InputFormat: "JSONL" } },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${BUCKET}/out/` } },
      ...input,
    }),
  );
  return response.jobArn!;
}

/** Every object under an `s3://` prefix: key relative to the prefix -> text. */
export async function readOutputs(kit: BatchKit, prefixUri: string): Promise<Record<string, string>> {
  const prefix = parseS3Uri(prefixUri)!;
  const listed = await kit.s3.client.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key }));
  const files: Record<string, string> = {};
  for (const { Key } of listed.Contents ?? []) {
    const object = await kit.s3.client.send(new GetObjectCommand({ Bucket: prefix.bucket, Key: Key! }));
    files[Key!.slice(prefix.key.length)] = await object.Body!.transformToString();
  }
  return files;
}

/** One line of a `.jsonl.out` file. */
export interface OutputLine {
  recordId: string;
  modelInput: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- model-specific wire JSON, asserted on loosely
  modelOutput?: any;
  error?: { errorCode: number; errorMessage: string };
}

/** The JSON lines of an output file. */
export function outputLines(text: string | undefined): OutputLine[] {
  return (text ?? "").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}
