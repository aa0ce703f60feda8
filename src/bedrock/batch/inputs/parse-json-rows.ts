/**
 * JSONL and JSON-array bytes -> one event per row. Each row must be a JSON object; its keys are the row's columns and
 * its values become text (strings as is, `null` as empty, anything else as JSON). A bad line or element is skipped with
 * its number, never the whole file.
 */
import type { RowEvent } from "./row-event.ts";
import { errorMessage } from "../../../format/error-message.ts";

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8");

function cellText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A row event for one parsed value: objects become rows, anything else is skipped. */
function toRowEvent(value: unknown, row: number): RowEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { type: "skipped", row, reason: `expected a JSON object, found ${describeJsonType(value)}` };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { type: "skipped", row, reason: "the object is empty" };
  const values: Record<string, string> = {};
  for (const [key, cell] of entries) values[key] = cellText(cell);
  return { type: "row", row, columns: Object.keys(values), values };
}

/**
 * One event per non-blank line; `row` is the 1-based line number, so a user finds the line in an editor. Lines are cut
 * from the bytes one at a time (no whole-file string).
 */
export function* parseJsonLines(bytes: Uint8Array): Generator<RowEvent> {
  let rows = 0;
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    line++;
    // The decoder drops a leading BOM; `trim` drops a CRLF's `\r`.
    const text = utf8.decode(bytes.subarray(start, end)).trim();
    start = end + 1;
    if (text === "") continue;
    rows++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { type: "skipped", row: line, reason: `not valid JSON: ${errorMessage(error)}` };
      continue;
    }
    yield toRowEvent(value, line);
  }
  if (rows === 0) yield { type: "skipped", reason: "the file has no lines" };
}

/** One event per element of a top-level JSON array (1-based); a file that is not an array is skipped whole. */
export function* parseJsonArray(bytes: Uint8Array): Generator<RowEvent> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    yield { type: "skipped", reason: `not valid JSON: ${errorMessage(error)}` };
    return;
  }
  if (!Array.isArray(value)) {
    yield { type: "skipped", reason: `a .json file must hold an array of objects (one record each), found ${describeJsonType(value)}` };
    return;
  }
  if (value.length === 0) yield { type: "skipped", reason: "the array is empty" };
  for (const [index, element] of value.entries()) yield toRowEvent(element, index + 1);
}
