/**
 * Answers of a schema run, checked: each text success gets its schema's top-level properties as fields (empty when
 * missing) and a verdict — valid, or invalid with ajv's errors (`/age must be integer`). An answer is never coerced
 * to fit: "42" stays "42" and the row says the schema wanted an integer.
 */
import type { ValidateFunction } from "ajv";
import { extractJsonFields, findFirstJsonObject } from "../results/extract-json-fields.ts";
import type { ResultEntry } from "../results/result-types.ts";
import { compileOutputSchema, type OutputSchema } from "./output-schema.ts";

/** ajv's messages beyond this are cut (a CSV cell, not a report). */
const MAX_ERROR = 500;

export function checkEntriesAgainstSchema(entries: ResultEntry[], schema: OutputSchema): void {
  const validate = compileOutputSchema(JSON.parse(schema.json) as Record<string, unknown>);
  for (const entry of entries) {
    if (entry.status !== "succeeded" || entry.output.kind !== "text") continue;
    const extracted = extractJsonFields(entry.output.text, schema.properties);
    entry.fields = extracted.fields;
    entry.schemaCheck = checkText(entry.output.text, validate);
  }
}

/** The verdict on one answer: the first JSON object in it, validated. */
export function checkText(text: string, validate: ValidateFunction): { valid: boolean; error?: string } {
  const object = findFirstJsonObject(text);
  if (object === undefined) return { valid: false, error: "no JSON object in the output" };
  if (validate(object)) return { valid: true };
  const error = (validate.errors ?? []).map((problem) => `${problem.instancePath === "" ? "(root)" : problem.instancePath} ${problem.message ?? "is invalid"}`).join("; ");
  return { valid: false, error: error.length <= MAX_ERROR ? error : `${error.slice(0, MAX_ERROR - 1)}…` };
}
