/**
 * A finished job's outputs in S3, laid out as Bedrock lays them out: for each input file with processed records,
 * `<outputUri>/<jobId>/<inputFileName>.out` holding one line per record in shuffled order (modelInput echoed), and
 * `<outputUri>/<jobId>/manifest.json.out` with the job's counts and token totals.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import type { RecordError } from "./batch-types.ts";
import { folderPrefix, parseS3Uri } from "./s3-uri.ts";
import { seededShuffle } from "./seeded-shuffle.ts";

/** A processed record, as its output line. */
export interface RecordResult {
  file: string;
  recordId: string;
  modelInput: unknown;
  modelOutput?: unknown;
  error?: RecordError;
}

export interface BatchManifest {
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  inputTokenCount: number;
  outputTokenCount: number;
}

const MANIFEST_NAME = "manifest.json.out";

/** `s3://bucket/prefix/<jobId>/`: where a job's outputs go. */
export function jobOutputPrefix(outputS3Uri: string, jobId: string): string {
  const location = parseS3Uri(outputS3Uri);
  return location === undefined ? `${outputS3Uri}/${jobId}/` : `s3://${location.bucket}/${folderPrefix(location.key)}${jobId}/`;
}

/** One output line; key order as Bedrock writes it. */
function formatOutputLine(result: RecordResult): string {
  const outcome = result.error === undefined ? { modelOutput: result.modelOutput } : { error: result.error };
  return JSON.stringify({ recordId: result.recordId, modelInput: result.modelInput, ...outcome });
}

export async function writeBatchOutput(
  s3: S3Client,
  job: { jobId: string; outputS3Uri: string; files: readonly string[]; results: readonly RecordResult[]; manifest: BatchManifest },
): Promise<void> {
  const prefix = parseS3Uri(jobOutputPrefix(job.outputS3Uri, job.jobId));
  if (prefix === undefined) throw new Error(`not an S3 URI: ${job.outputS3Uri}`);
  const put = (name: string, body: string): Promise<unknown> =>
    s3.send(new PutObjectCommand({ Bucket: prefix.bucket, Key: `${prefix.key}${name}`, Body: body }));
  for (const file of job.files) {
    const results = job.results.filter((result) => result.file === file);
    if (results.length === 0) continue;
    const lines = seededShuffle(results, `${job.jobId}/${file}`).map(formatOutputLine);
    await put(`${file}.out`, `${lines.join("\n")}\n`);
  }
  await put(MANIFEST_NAME, JSON.stringify(job.manifest));
}
