/**
 * Batch inputs into S3, streamed: each JSONL file is a `PassThrough` fed line by line into lib-storage's `Upload`
 * (multipart past 5 MB; at most `queueSize` parts in memory, never the whole file), media objects are put under the
 * job's input folder (see run/write-record-files.ts), and the run's provenance goes next to the jobs so any process
 * can join results later.
 */
import { once } from "node:events";
import { PassThrough } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { ProvenanceRecord } from "../results/provenance-file.ts";
import { formatProvenanceLine, formatSkippedLine, PROVENANCE_FILE_NAME, SKIPPED_FILE_NAME } from "../results/provenance-file.ts";
import type { SkippedInput } from "../batch-types.ts";
import type { RunLayout } from "./batch-layout.ts";

/** Where one file's lines go: an S3 upload here, a local file for a plan folder. */
export interface LineSink {
  /** Resolves once the line is accepted (backpressure). */
  write(text: string): Promise<void>;
  /** Resolves once everything is stored. */
  close(): Promise<void>;
  /** Gives up after an error elsewhere (an unfinished upload is aborted). */
  abort(): Promise<void>;
}

/** Parts uploaded in parallel per file: bounds memory at `queueSize` x 5 MB. */
const UPLOAD_QUEUE_SIZE = 2;

/** A streamed upload of `bucket/key` that takes lines. */
export function openS3LineSink(s3: S3Client, bucket: string, key: string, contentType = "application/jsonl"): LineSink {
  const body = new PassThrough();
  const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType }, queueSize: UPLOAD_QUEUE_SIZE });
  const done = upload.done();
  // Observed here so a failure before close() is not an unhandled rejection; close() and write() still see it.
  done.catch(() => undefined);
  return {
    write: async (text) => {
      if (!body.write(text)) await Promise.race([once(body, "drain"), done]);
    },
    close: async () => {
      body.end();
      await done;
    },
    abort: async () => {
      body.destroy();
      await upload.abort().catch(() => undefined);
    },
  };
}

/** `provenance.jsonl` and `skipped.jsonl` in the run's folder (results/provenance-file.ts format). */
export async function uploadRunProvenance(
  s3: S3Client,
  layout: RunLayout,
  records: Iterable<ProvenanceRecord>,
  skipped: Iterable<SkippedInput>,
): Promise<void> {
  await uploadLines(openS3LineSink(s3, layout.bucket, `${layout.runKey}${PROVENANCE_FILE_NAME}`), records, formatProvenanceLine);
  await uploadLines(openS3LineSink(s3, layout.bucket, `${layout.runKey}${SKIPPED_FILE_NAME}`), skipped, formatSkippedLine);
}

async function uploadLines<T>(sink: LineSink, items: Iterable<T>, format: (item: T) => string): Promise<void> {
  try {
    for (const item of items) await sink.write(`${format(item)}\n`);
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
