/**
 * Structured extraction: named fields of a JSON object a model wrote in its answer, as CSV cell text.
 *
 * Models wrap JSON in code fences, preambles ("Here is the JSON:") and trailing prose. Fenced blocks are tried first,
 * then the whole text; in each, the first balanced `{...}` that parses as an object wins. A failure leaves fields
 * empty and says why in `notes`: the row is never dropped.
 */
import { findJsonValueEnd, JSON_BYTE } from "./find-json-value-end.ts";
import { isRecord } from "./read-json-fields.ts";

/** Field names to pull out, or `"auto"`: every top-level key of the object found. */
export type FieldRequest = readonly string[] | "auto";

export interface ExtractedFields {
  /** Field -> cell text; requested fields that were not found are `""`. */
  fields: Record<string, string>;
  notes: string[];
}

/** Starting points tried per candidate: bounds the work on long prose full of stray braces. */
const MAX_ATTEMPTS = 32;
const FENCE = /```[^\n`]*\n([\s\S]*?)```/g;

export function extractJsonFields(text: string, request: FieldRequest): ExtractedFields {
  const object = findFirstJsonObject(text);
  const names = request === "auto" ? Object.keys(object ?? {}) : request;
  const fields: Record<string, string> = {};
  for (const name of names) fields[name] = "";
  if (object === undefined) return { fields, notes: ["no JSON object found in the output"] };
  const missing: string[] = [];
  for (const name of names) {
    if (Object.hasOwn(object, name)) fields[name] = toCellText(object[name]);
    else missing.push(name);
  }
  const notes = missing.length > 0 ? [`JSON object lacks ${missing.map((name) => `"${name}"`).join(", ")}`] : [];
  return { fields, notes };
}

/** The first JSON object in fenced blocks, else in the whole text. */
export function findFirstJsonObject(text: string): Record<string, unknown> | undefined {
  for (const match of text.matchAll(FENCE)) {
    const found = firstObjectIn(match[1] ?? "");
    if (found !== undefined) return found;
  }
  return firstObjectIn(text);
}

function firstObjectIn(text: string): Record<string, unknown> | undefined {
  const bytes = Buffer.from(text, "utf8");
  let start = bytes.indexOf(JSON_BYTE.OPEN_BRACE);
  for (let attempt = 0; start !== -1 && attempt < MAX_ATTEMPTS; attempt++) {
    const end = findJsonValueEnd(bytes, start);
    if (end !== -1) {
      const parsed = tryParse(bytes.toString("utf8", start, end));
      if (isRecord(parsed)) return parsed;
    }
    start = bytes.indexOf(JSON_BYTE.OPEN_BRACE, start + 1);
  }
  return undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Strings as they are; null as empty; numbers and booleans as written; objects and arrays as JSON. */
function toCellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
