/**
 * Inputs (JSONL files and copied media) are deleted once results are taken, after `[batch] retention_days` (0 = at
 * once). Outputs and the run's provenance stay: they are what `batch results` reads.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { BatchJobRow } from "./batch-job-row.ts";
import { splitS3Uri } from "./batch-layout.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** DeleteObjects takes at most 1000 keys per call. */
const DELETE_BATCH = 1000;

/** The row with its deletion time set; `retentionDays` 0 makes it due now. */
export function scheduleInputDeletion(row: BatchJobRow, now: Date, retentionDays: number): BatchJobRow {
  if (row.deleteInputsAfter !== undefined || row.inputsDeletedAt !== undefined) return row;
  return { ...row, deleteInputsAfter: new Date(now.getTime() + retentionDays * DAY_MS).toISOString(), updatedAt: now.toISOString() };
}

export function inputDeletionDue(row: Pick<BatchJobRow, "deleteInputsAfter" | "inputsDeletedAt">, now: Date): boolean {
  return row.inputsDeletedAt === undefined && row.deleteInputsAfter !== undefined && Date.parse(row.deleteInputsAfter) <= now.getTime();
}

/** Deletes every object under the row's input folder; returns how many. */
export async function deleteJobInputs(s3: S3Client, row: Pick<BatchJobRow, "inputUri">): Promise<number> {
  const { bucket, key: prefix } = splitS3Uri(row.inputUri);
  // Never an empty or bucket-wide prefix: that would delete far more than one job's inputs.
  if (!prefix.endsWith("/input/")) throw new Error(`refusing to delete under ${row.inputUri}: not a job input folder`);
  let deleted = 0;
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const objects = keys.slice(start, start + DELETE_BATCH).map((Key) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      deleted += objects.length;
    }
    continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return deleted;
}
