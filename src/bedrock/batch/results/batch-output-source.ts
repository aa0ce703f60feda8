/**
 * Where a job's outputs are read from — S3 (`<output>/<jobId>/`) or a local directory — reduced to what reading
 * needs, so both go through one line-streaming code path.
 */

/** One `*.jsonl.out` file. */
export interface OutputFile {
  /** Name shown in problems and results (`data-001.jsonl.out`, or a path under the source). */
  name: string;
  /** Its bytes, streamed; each call starts a new read. A source may reuse a chunk's memory for the next chunk. */
  open(): AsyncIterable<Uint8Array>;
}

/** The outputs of one job. */
export interface BatchOutputSource {
  /** The job id (S3) or directory (local) the files belong to. */
  job: string;
  /** Every `*.out` file except `manifest.json.out`, in a stable order. */
  files: readonly OutputFile[];
  /** Text of `manifest.json.out`, or `undefined` when the job has none. */
  readManifest(): Promise<string | undefined>;
}

/** Bedrock's job summary file, next to the outputs. */
export const MANIFEST_FILE_NAME = "manifest.json.out";

/** A data output file: `*.out` but not the manifest. */
export function isOutputDataFile(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base.endsWith(".out") && base !== MANIFEST_FILE_NAME;
}
