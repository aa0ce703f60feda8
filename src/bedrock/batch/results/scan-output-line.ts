/**
 * The fast path of reading an output line: find where the top-level `recordId`, `modelOutput` and `error` values are,
 * walking over `modelInput` (the echoed input, often megabytes of base64) without parsing or decoding it.
 *
 * Keys may come in any order, and may even be written with escapes (`"record\u0049d"`). When the line is not a
 * well-formed single object this returns `undefined` ("unsure") and the caller falls back to `JSON.parse`.
 */
import { findJsonValueEnd, findStringEnd, JSON_BYTE, skipJsonWhitespace } from "./find-json-value-end.ts";

const { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, COMMA, COLON } = JSON_BYTE;

/** Byte range of a value in the line, end exclusive. */
export interface ValueSpan {
  start: number;
  end: number;
}

/** Where the values we read are; a key absent from the line is absent here. */
export interface OutputLineSpans {
  recordId?: ValueSpan;
  modelOutput?: ValueSpan;
  error?: ValueSpan;
}

const WANTED_KEYS = new Set(["recordId", "modelOutput", "error"]);

function isWantedKey(key: string): key is keyof OutputLineSpans {
  return WANTED_KEYS.has(key);
}

/** Spans of the wanted top-level values, or `undefined` when the line is not one complete JSON object. */
export function scanOutputLine(line: Buffer): OutputLineSpans | undefined {
  let at = skipJsonWhitespace(line, 0);
  if (line[at] !== OPEN_BRACE) return undefined;
  at = skipJsonWhitespace(line, at + 1);
  const spans: OutputLineSpans = {};
  if (line[at] === CLOSE_BRACE) return endsAfter(line, at + 1) ? spans : undefined;
  for (;;) {
    if (line[at] !== QUOTE) return undefined;
    const keyEnd = findStringEnd(line, at);
    if (keyEnd === -1) return undefined;
    const key = decodeKey(line, at, keyEnd);
    if (key === undefined) return undefined;
    at = skipJsonWhitespace(line, keyEnd);
    if (line[at] !== COLON) return undefined;
    at = skipJsonWhitespace(line, at + 1);
    const valueEnd = findJsonValueEnd(line, at);
    if (valueEnd === -1) return undefined;
    // A repeated key overwrites, as JSON.parse does.
    if (isWantedKey(key)) spans[key] = { start: at, end: valueEnd };
    at = skipJsonWhitespace(line, valueEnd);
    if (line[at] === COMMA) {
      at = skipJsonWhitespace(line, at + 1);
      continue;
    }
    if (line[at] === CLOSE_BRACE) return endsAfter(line, at + 1) ? spans : undefined;
    return undefined;
  }
}

/** Key text; escaped keys go through JSON.parse. `undefined` for an escape JSON rejects. */
function decodeKey(line: Buffer, start: number, end: number): string | undefined {
  // Search the key only: the rest of the line may be a megabyte without a backslash.
  const escaped = line.subarray(start, end).includes(BACKSLASH);
  if (!escaped) return line.toString("utf8", start + 1, end - 1);
  try {
    return JSON.parse(line.toString("utf8", start, end)) as string;
  } catch {
    return undefined;
  }
}

/** Only whitespace after the object. */
function endsAfter(line: Buffer, pos: number): boolean {
  return skipJsonWhitespace(line, pos) === line.length;
}
