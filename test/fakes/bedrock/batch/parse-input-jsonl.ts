/**
 * One input `.jsonl` file -> records, the way batch validation reads it: every line one JSON object with a
 * `modelInput` object and an optional string `recordId`. The first bad line fails the whole job, with a message that
 * names the file and the line. Validation does not check modelInput against the model (the SDK docs say so); that
 * happens per record while the job runs.
 */
import { isObject } from "../validation-problem.ts";
import type { JsonObject } from "../validation-problem.ts";

export interface InputRecord {
  /** Output-relative name of the file, e.g. `part-001.jsonl` (the output is `<name>.out`). */
  file: string;
  /** 1-based. */
  line: number;
  /** As given; Bedrock makes one up when it is absent. */
  recordId?: string;
  modelInput: JsonObject;
}

const FORMAT_HINT = 'Each line must be a JSON object like {"recordId": "...", "modelInput": {...}}.';

export function parseInputJsonl(text: string, fileUri: string, file: string): { records: InputRecord[] } | { problem: string } {
  const lines = text.split("\n");
  // The newline after the last record is the usual end of a JSONL file, not an empty record.
  if (lines.at(-1) === "") lines.pop();
  const records: InputRecord[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const where = `line ${line} of ${fileUri}`;
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (content.trim() === "") return { problem: `Invalid JSONL: ${where} is empty. ${FORMAT_HINT}` };
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      return { problem: `Invalid JSONL: ${where} is not valid JSON. ${FORMAT_HINT}` };
    }
    if (!isObject(value)) return { problem: `Invalid JSONL: ${where} is not a JSON object. ${FORMAT_HINT}` };
    if (!isObject(value.modelInput)) return { problem: `Invalid JSONL: ${where} has no modelInput object. ${FORMAT_HINT}` };
    const { recordId } = value;
    if (recordId !== undefined && (typeof recordId !== "string" || recordId === "")) {
      return { problem: `Invalid JSONL: ${where} has a recordId that is not a non-empty string. ${FORMAT_HINT}` };
    }
    records.push({ file, line, ...(recordId === undefined ? {} : { recordId }), modelInput: value.modelInput });
  }
  return { records };
}
