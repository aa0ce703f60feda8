/**
 * One line of a batch input file, `{"recordId","modelInput"}` + newline, exactly as uploaded. Media placeholders are
 * resolved against the job's input folder when it is known (submit); a plan written offline keeps them.
 */
import type { BatchRecord } from "../batch-types.ts";
import { resolveMediaUris } from "../records/media-location.ts";

export function formatRecordLine(record: Pick<BatchRecord, "recordId" | "modelInput">, inputFolderUri?: string): string {
  const modelInput = inputFolderUri === undefined ? record.modelInput : resolveMediaUris(record.modelInput, inputFolderUri);
  return `${JSON.stringify({ recordId: record.recordId, modelInput })}\n`;
}
