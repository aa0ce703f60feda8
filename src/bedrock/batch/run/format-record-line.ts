/**
 * One line of a batch input file, `{"recordId","modelInput"}` + newline, exactly as uploaded. Media placeholders are
 * resolved against the job's input folder when it is known (submit); a plan written offline keeps them.
 */
import type { BatchRecord } from "../batch-types.ts";
import { INPUT_FOLDER_PLACEHOLDER, resolveMediaUris } from "../records/media-location.ts";

type LineRecord = Pick<BatchRecord, "recordId" | "modelInput">;

/** `{"recordId":` + `,"modelInput":` + `}` + newline around the two values in a line. */
const LINE_FRAME_BYTES = '{"recordId":,"modelInput":}\n'.length;

/**
 * `Buffer.byteLength(formatRecordLine(record))` without building the line: planning measures every record, and the
 * wrapped copy of each line was garbage the size of the input files.
 */
export function recordLineBytes(record: LineRecord): number {
  return LINE_FRAME_BYTES + Buffer.byteLength(JSON.stringify(record.recordId)) + Buffer.byteLength(JSON.stringify(record.modelInput));
}

/** The same text as `JSON.stringify({ recordId, modelInput }) + "\n"`, built from the body's own JSON. */
export function formatRecordLine(record: LineRecord, inputFolderUri?: string): string {
  let body = JSON.stringify(record.modelInput);
  // Only bodies referencing media hold a placeholder (`<` never appears escaped in JSON); the rest are written as they
  // are instead of through a resolved deep copy each.
  if (inputFolderUri !== undefined && body.includes(INPUT_FOLDER_PLACEHOLDER)) {
    body = JSON.stringify(resolveMediaUris(record.modelInput, inputFolderUri));
  }
  return `{"recordId":${JSON.stringify(record.recordId)},"modelInput":${body}}\n`;
}
