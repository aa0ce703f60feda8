/**
 * One line of a batch input file, `{"recordId","modelInput"}` + newline, exactly as uploaded. Media placeholders are
 * resolved against the job's input folder when it is known (submit); a plan written offline keeps them.
 */
import type { BatchRecord } from "../batch-types.ts";
import { resolveMediaUris } from "../records/media-location.ts";

/** `{"recordId":` + `,"modelInput":` + `}` + newline around the two values in a line. */
const LINE_FRAME_BYTES = '{"recordId":,"modelInput":}\n'.length;

/**
 * `Buffer.byteLength(formatRecordLine(record))` without building the line: planning measures every record, and the
 * wrapped copy of each line was garbage the size of the input files.
 */
export function recordLineBytes(record: Pick<BatchRecord, "recordId" | "modelInput">): number {
  return LINE_FRAME_BYTES + Buffer.byteLength(JSON.stringify(record.recordId)) + Buffer.byteLength(JSON.stringify(record.modelInput));
}

export function formatRecordLine(record: Pick<BatchRecord, "recordId" | "modelInput">, inputFolderUri?: string): string {
  const modelInput = inputFolderUri === undefined ? record.modelInput : resolveMediaUris(record.modelInput, inputFolderUri);
  return `${JSON.stringify({ recordId: record.recordId, modelInput })}\n`;
}
