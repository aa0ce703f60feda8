/**
 * What batch validation does with S3 (the Validating status): find the `.jsonl` files at the input location (a folder,
 * or a single file), check sizes and record counts against the quotas, parse every line, check that media referenced
 * by `s3Location` lives in the input folder, and that the output bucket is reachable. Any problem fails the job with
 * one message; otherwise the records come back ready to run, every one with a recordId.
 */
import { createHash } from "node:crypto";
import { GetObjectCommand, HeadBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import { findS3Media } from "./find-s3-media.ts";
import { parseInputJsonl } from "./parse-input-jsonl.ts";
import type { InputRecord } from "./parse-input-jsonl.ts";
import { folderPrefix, formatS3Uri, parseS3Uri } from "./s3-uri.ts";

export interface InputLimits {
  minRecords: number;
  maxRecordsPerFile: number;
  maxRecordsPerJob: number;
  maxInputFileBytes: number;
  maxJobBytes: number;
}

interface ValidatedRecord extends InputRecord {
  recordId: string;
  /** `s3Location` URIs the record references. */
  media: string[];
}

export interface BatchInput {
  /** Output-relative names of the input files, in listing order. */
  files: string[];
  records: ValidatedRecord[];
  /** Every object URI under the input folder, for media lookups while running. */
  objectUris: ReadonlySet<string>;
}

export type ReadInputResult = { input: BatchInput } | { failure: string };

interface ListedObject {
  key: string;
  size: number;
}

/** Thrown for a problem that fails the job; the message is the job's `message`. */
class InputFailure extends Error {}

export async function readBatchInput(
  s3: S3Client | undefined,
  job: { jobId: string; inputS3Uri: string; outputS3Uri: string },
  limits: InputLimits,
): Promise<ReadInputResult> {
  if (s3 === undefined) {
    return { failure: "The fake Bedrock has no S3 endpoint configured (startFakeBedrock({ s3: { endpoint } })), so it cannot read the input." };
  }
  try {
    return { input: await readInput(s3, job, limits) };
  } catch (error) {
    if (error instanceof InputFailure) return { failure: error.message };
    throw error;
  }
}

async function readInput(s3: S3Client, job: { jobId: string; inputS3Uri: string; outputS3Uri: string }, limits: InputLimits): Promise<BatchInput> {
  const location = parseS3Uri(job.inputS3Uri);
  if (location === undefined) throw new InputFailure(`The input location ${job.inputS3Uri} is not an S3 URI.`);
  const singleFile = location.key.endsWith(".jsonl");
  const folder = singleFile ? location.key.slice(0, location.key.lastIndexOf("/") + 1) : folderPrefix(location.key);
  const listed = await listObjects(s3, location.bucket, singleFile ? location.key : folder, job.inputS3Uri);
  const inputs = listed.filter(({ key }) => (singleFile ? key === location.key : key.endsWith(".jsonl")));
  if (inputs.length === 0) {
    throw new InputFailure(
      singleFile ? `The input file ${job.inputS3Uri} does not exist.` : `No .jsonl files were found at the input location ${job.inputS3Uri}.`,
    );
  }

  let jobBytes = 0;
  for (const { key, size } of inputs) {
    if (size > limits.maxInputFileBytes) {
      throw new InputFailure(`The input file ${formatS3Uri({ bucket: location.bucket, key })} is ${size} bytes, over the quota of ${limits.maxInputFileBytes} bytes per file.`);
    }
    jobBytes += size;
  }
  if (jobBytes > limits.maxJobBytes) {
    throw new InputFailure(`The input files total ${jobBytes} bytes, over the quota of ${limits.maxJobBytes} bytes per job.`);
  }

  const records: ValidatedRecord[] = [];
  const seen = new Map<string, string>();
  for (const { key } of inputs) {
    const uri = formatS3Uri({ bucket: location.bucket, key });
    const name = key.slice(folder.length);
    const parsed = parseInputJsonl(await readText(s3, location.bucket, key, uri), uri, name);
    if ("problem" in parsed) throw new InputFailure(parsed.problem);
    if (parsed.records.length > limits.maxRecordsPerFile) {
      throw new InputFailure(`The input file ${uri} has ${parsed.records.length} records, over the quota of ${limits.maxRecordsPerFile} records per file.`);
    }
    for (const record of parsed.records) {
      const recordId = record.recordId ?? generatedRecordId(job.jobId, name, record.line);
      const where = `line ${record.line} of ${uri}`;
      const earlier = seen.get(recordId);
      if (earlier !== undefined) throw new InputFailure(`Duplicate recordId "${recordId}" at ${where}; it is also used at ${earlier}. Record ids must be unique within a job.`);
      seen.set(recordId, where);
      const media = findS3Media(record.modelInput);
      for (const mediaUri of media) checkMediaLocation(mediaUri, where, { bucket: location.bucket, folder, singleFile, inputS3Uri: job.inputS3Uri });
      records.push({ ...record, recordId, media });
    }
  }
  if (records.length > limits.maxRecordsPerJob) {
    throw new InputFailure(`The job has ${records.length} records, over the quota of ${limits.maxRecordsPerJob} records per job.`);
  }
  if (records.length < limits.minRecords) {
    throw new InputFailure(`The job has ${records.length} records, fewer than the minimum of ${limits.minRecords} records per batch inference job for this model.`);
  }
  await checkOutputBucket(s3, job.outputS3Uri);
  return {
    files: inputs.map(({ key }) => key.slice(folder.length)),
    records,
    objectUris: new Set(listed.map(({ key }) => formatS3Uri({ bucket: location.bucket, key }))),
  };
}

/** Media must be in the input bucket, under the input folder, and the input must be given as that folder. */
function checkMediaLocation(uri: string, where: string, input: { bucket: string; folder: string; singleFile: boolean; inputS3Uri: string }): void {
  if (input.singleFile) {
    throw new InputFailure(
      `The record at ${where} references ${uri}, but the input location ${input.inputS3Uri} is a single file. ` +
        "When records reference S3 content, the input location must be the folder that holds the .jsonl files and every referenced object.",
    );
  }
  const media = parseS3Uri(uri);
  if (media === undefined || media.bucket !== input.bucket || !media.key.startsWith(input.folder)) {
    throw new InputFailure(
      `The record at ${where} references ${uri}, which is outside the input location ${input.inputS3Uri}. ` +
        "All referenced S3 content must be in the same bucket and under the input folder.",
    );
  }
}

async function listObjects(s3: S3Client, bucket: string, prefix: string, uri: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3Call(() => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })), uri);
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined && !object.Key.endsWith("/")) objects.push({ key: object.Key, size: object.Size ?? 0 });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}

async function readText(s3: S3Client, bucket: string, key: string, uri: string): Promise<string> {
  const object = await s3Call(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })), uri);
  return (await object.Body?.transformToString("utf8")) ?? "";
}

async function checkOutputBucket(s3: S3Client, outputS3Uri: string): Promise<void> {
  const location = parseS3Uri(outputS3Uri);
  if (location === undefined) throw new InputFailure(`The output location ${outputS3Uri} is not an S3 URI.`);
  await s3Call(() => s3.send(new HeadBucketCommand({ Bucket: location.bucket })), outputS3Uri);
}

/** S3 refusals (no bucket, no access) fail the job, as the service role's access is part of validation. */
async function s3Call<T>(send: () => Promise<T>, uri: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    throw new InputFailure(`Amazon Bedrock could not access ${uri} with the job's service role (S3 said ${name}). Check that the bucket exists and the role can read and write it.`);
  }
}

/** Bedrock makes up a recordId for records without one; stable here so outputs are reproducible. */
function generatedRecordId(jobId: string, file: string, line: number): string {
  const digest = createHash("sha256").update(`${jobId}\n${file}\n${line}`).digest();
  return Array.from(digest.subarray(0, 11), (byte) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[byte % 36]).join("");
}
