/**
 * One `.jsonl.out` line -> what it says about one record: `{recordId, modelOutput}` is a success (text or vector),
 * `{recordId, error: {errorCode, errorMessage}}` a per-record error. The echoed `modelInput` is skipped unparsed
 * (`scanOutputLine`); only the small values are parsed. When the fast path is unsure the whole line is `JSON.parse`d,
 * so the answer is the same either way; a line that is not a JSON object naming a record is `{malformed}`, never thrown.
 */
import { parseModelOutput } from "./parse-model-output.ts";
import { isRecord } from "./read-json-fields.ts";
import type { ParsedOutputLine, RecordError } from "./result-types.ts";
import { scanOutputLine, type ValueSpan } from "./scan-output-line.ts";
import { errorMessage } from "../../../format/error-message.ts";

/** The top-level values of an output line that matter, as parsed JSON (`undefined` when absent). */
export interface OutputLineFields {
  recordId?: unknown;
  modelOutput?: unknown;
  error?: unknown;
}

/** Longest excerpt of an unexpected value quoted in an error message. */
const EXCERPT_LENGTH = 200;

export function parseBatchOutputLine(line: string | Uint8Array): ParsedOutputLine {
  const bytes = typeof line === "string" ? Buffer.from(line, "utf8") : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  const spans = scanOutputLine(bytes);
  if (spans !== undefined) {
    try {
      return resultRowFromFields({
        recordId: parseSpan(bytes, spans.recordId),
        modelOutput: parseSpan(bytes, spans.modelOutput),
        error: parseSpan(bytes, spans.error),
      });
    } catch {
      // A value with the right structure but invalid inside (`01`, `tru`): the full parse below names the problem.
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return { malformed: `not JSON: ${errorMessage(error)}` };
  }
  if (!isRecord(parsed)) return { malformed: "not a JSON object" };
  return resultRowFromFields(parsed);
}

/** The same decision from already parsed values; the naive path (JSON.parse of whole lines) uses it too. */
export function resultRowFromFields(fields: OutputLineFields): ParsedOutputLine {
  const { recordId, modelOutput, error } = fields;
  if (typeof recordId !== "string" || recordId.length === 0) return { malformed: "no recordId" };
  if (error !== undefined && error !== null) return { recordId, status: "failed", error: toRecordError(error) };
  if (modelOutput === undefined || modelOutput === null) {
    return failed(recordId, "no_output", "the output line has neither modelOutput nor error");
  }
  const output = parseModelOutput(modelOutput);
  if ("unrecognized" in output) return failed(recordId, "unrecognized_output", output.unrecognized);
  return { recordId, status: "succeeded", output };
}

/** A failure we name ourselves: the line names a record, but its output cannot be used. */
function failed(recordId: string, errorCode: string, errorMessage: string): ParsedOutputLine {
  return { recordId, status: "failed", error: { errorCode, errorMessage } };
}

function parseSpan(bytes: Buffer, span: ValueSpan | undefined): unknown {
  return span === undefined ? undefined : JSON.parse(bytes.toString("utf8", span.start, span.end));
}

function toRecordError(error: unknown): RecordError {
  if (isRecord(error)) {
    const { errorCode, errorMessage } = error;
    const codeIsValid = typeof errorCode === "number" || typeof errorCode === "string";
    if (codeIsValid && typeof errorMessage === "string") return { errorCode, errorMessage };
  }
  // Keep whatever Bedrock said, even in a shape we do not know.
  const excerpt = typeof error === "string" ? error : JSON.stringify(error);
  return { errorCode: "unknown", errorMessage: excerpt.slice(0, EXCERPT_LENGTH) };
}
