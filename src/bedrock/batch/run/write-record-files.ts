/**
 * A plan's records -> its jobs' input files, in one pass: records arrive in order and each job and file is a
 * contiguous range, so one file is open at a time. Each job's media (`record.media`) is placed once, however many
 * records reference it. Where lines and media go is the caller's (S3 uploads, or a plan directory).
 */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { BatchRecord } from "../batch-types.ts";
import { inputFileName, jobInputKey, s3Uri, type RunLayout } from "../jobs/batch-layout.ts";
import type { LineSink } from "../jobs/upload-job-inputs.ts";
import { formatRecordLine } from "./format-record-line.ts";
import type { PlannedFile, PlannedJob } from "./plan-batch-run.ts";
import { openS3PartSink } from "./s3-part-sink.ts";

type RecordMedia = NonNullable<BatchRecord["media"]>[number];

export interface RecordFileTargets {
  openFile(job: PlannedJob, file: PlannedFile): LineSink | Promise<LineSink>;
  putMedia(job: PlannedJob, media: RecordMedia): Promise<void>;
  /** The job's input folder URI for resolving media URIs; undefined keeps the placeholders. */
  inputFolderUri(job: PlannedJob): string | undefined;
}

interface OpenFile {
  job: PlannedJob;
  file: PlannedFile;
  sink: LineSink;
}

/** Writes every record into its file; `onRecord(n)` after the n-th. */
export async function writeRecordFiles(
  records: AsyncIterable<BatchRecord>,
  jobs: readonly PlannedJob[],
  targets: RecordFileTargets,
  onRecord?: (written: number) => void,
): Promise<void> {
  const files = jobs.flatMap((job) => job.files.map((file) => ({ job, file })));
  let next = 0;
  let position = 0;
  let open: OpenFile | undefined;
  let placed = new Set<string>();
  try {
    for await (const record of records) {
      while (open === undefined || position >= open.file.end) {
        const previousJob = open?.job;
        if (open !== undefined) {
          const closing = open.sink;
          open = undefined;
          await closing.close();
        }
        const target = files[next++];
        if (target === undefined) throw new Error(`more records than planned (${position + 1})`);
        if (previousJob !== target.job) placed = new Set();
        open = { ...target, sink: await targets.openFile(target.job, target.file) };
      }
      for (const media of record.media ?? []) {
        if (placed.has(media.key)) continue;
        placed.add(media.key);
        await targets.putMedia(open.job, media);
      }
      await open.sink.write(formatRecordLine(record, targets.inputFolderUri(open.job)));
      position++;
      onRecord?.(position);
    }
    if (open !== undefined) {
      const closing = open.sink;
      open = undefined;
      await closing.close();
    }
  } catch (error) {
    await open?.sink.abort();
    throw error;
  }
  const planned = jobs.reduce((sum, job) => sum + (job.end - job.start), 0);
  if (position !== planned) throw new Error(`${position} records written, ${planned} planned`);
}

/** A run's jobs in S3: `.../job-<n>/input/records-<k>.jsonl` streamed, media put at `.../job-<n>/input/<media key>`. */
export function s3RecordFileTargets(s3: S3Client, layout: RunLayout): RecordFileTargets {
  return {
    openFile: (job, file) => openS3PartSink(s3, layout.bucket, `${jobInputKey(layout, job.index)}${inputFileName(file.index)}`),
    putMedia: async (job, media) => {
      await s3.send(
        new PutObjectCommand({ Bucket: layout.bucket, Key: `${jobInputKey(layout, job.index)}${media.key}`, Body: media.bytes, ContentType: media.contentType }),
      );
    },
    inputFolderUri: (job) => s3Uri(layout.bucket, jobInputKey(layout, job.index)),
  };
}
