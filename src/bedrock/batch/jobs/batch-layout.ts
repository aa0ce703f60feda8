/**
 * Where a run lives in S3, one folder per run and per job:
 *
 *   s3://<bucket>/<prefix>runs/<runId>/provenance.jsonl, skipped.jsonl   (results/provenance-file.ts format)
 *   s3://<bucket>/<prefix>runs/<runId>/job-<n>/input/records-<k>.jsonl   (the input folder given to Bedrock)
 *   s3://<bucket>/<prefix>runs/<runId>/job-<n>/input/media/...           (media referenced by s3Location)
 *   s3://<bucket>/<prefix>runs/<runId>/job-<n>/output/<jobId>/...        (written by Bedrock)
 *
 * The provenance sits outside every input folder: Bedrock reads each `.jsonl` under the input folder as records.
 */

export interface RunLayout {
  bucket: string;
  /** Key of the run's folder, ending with `/`. */
  runKey: string;
}

export function runLayout(bucket: string, prefix: string, runId: string): RunLayout {
  const base = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  return { bucket, runKey: `${base}runs/${runId}/` };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

export function runUri(layout: RunLayout): string {
  return s3Uri(layout.bucket, layout.runKey);
}

/** Key of a job's input folder (`.../job-1/input/`). */
export function jobInputKey(layout: RunLayout, jobIndex: number): string {
  return `${layout.runKey}job-${jobIndex}/input/`;
}

/** Key of a job's output folder (`.../job-1/output/`). */
export function jobOutputKey(layout: RunLayout, jobIndex: number): string {
  return `${layout.runKey}job-${jobIndex}/output/`;
}

/** `records-1.jsonl`: the k-th (1-based) input file of a job. */
export function inputFileName(fileIndex: number): string {
  return `records-${fileIndex}.jsonl`;
}

/** `s3://bucket/some/key` -> bucket and key (the key may be empty). */
export function splitS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match?.[1] === undefined) throw new Error(`not an S3 URI: ${uri}`);
  return { bucket: match[1], key: match[2] ?? "" };
}
