/**
 * Results -> rows of the files a user gets: CSV cells and JSONL detail objects, one per input (planned records in
 * input order, then skipped inputs). Pure; the writers only stream these out.
 *
 * A data row's own fields come back with it. In the CSV they are the FIRST columns, under their own names (a user's
 * `id`, `title` read as in their file, and a join back is never needed); a name that is also one of ours (`status`,
 * `row`, an extracted field) gets `input_` in front, so no column ever holds two things. In `results.jsonl` they are
 * one `input` object, which cannot collide at all.
 */
import type { InputColumn, SkippedInput } from "../batch-types.ts";
import type { BatchCost } from "./compute-batch-cost.ts";
import type { BatchResults, ResultEntry } from "./result-types.ts";

/** The fixed CSV columns, in order; extracted fields follow. */
const RESULT_CSV_COLUMNS = [
  "record_id",
  "source",
  "member",
  "row",
  "prompt",
  "output_text",
  "stop_reason",
  "input_tokens",
  "output_tokens",
  "error",
  /** succeeded | failed | not_processed | skipped */
  "status",
  /** Extraction failures, duplicates ignored: `; `-separated. */
  "notes",
] as const;

export type CsvCell = string | number | undefined;

const NOT_PROCESSED_MESSAGE = "not processed: no output line for this record (the job stopped, expired or failed before it)";

/** Schema runs only: after the fixed columns, whether the answer validates against the schema, and why not. */
const SCHEMA_CSV_COLUMNS = ["schema_valid", "schema_error"] as const;

/** What varies between runs' CSV headers: the input's own column names, and whether it was a schema run. */
export interface CsvLayout {
  inputColumns?: readonly string[];
  schemaRun?: boolean;
}

/**
 * Header: the input's own columns (`input_` in front of a name that clashes with one of ours), the fixed columns, the
 * schema columns of a schema run, then one per extracted field (prefixed `field_` if it would clash with a fixed one).
 */
export function resultCsvColumns(fieldNames: readonly string[], layout: CsvLayout = {}): string[] {
  const { inputColumns = [], schemaRun = false } = layout;
  const fixed = new Set<string>([...RESULT_CSV_COLUMNS, ...SCHEMA_CSV_COLUMNS]);
  const extracted = fieldNames.map((name) => (fixed.has(name) ? `field_${name}` : name));
  const ours = new Set([...fixed, ...extracted]);
  const input = inputColumns.map((name) => {
    let header = name;
    while (ours.has(header)) header = `input_${header}`;
    ours.add(header);
    return header;
  });
  return [...input, ...RESULT_CSV_COLUMNS, ...(schemaRun ? SCHEMA_CSV_COLUMNS : []), ...extracted];
}

/** The entry's value for each of the run's input columns (empty where its row had no such column). */
function inputCells(columns: readonly InputColumn[] | undefined, inputColumns: readonly string[]): CsvCell[] {
  if (inputColumns.length === 0) return [];
  const values = new Map(columns);
  return inputColumns.map((name) => values.get(name));
}

type FixedColumn = (typeof RESULT_CSV_COLUMNS)[number];

export function csvCellsOfEntry(entry: ResultEntry, fieldNames: readonly string[], layout: CsvLayout = {}): CsvCell[] {
  const { inputColumns = [], schemaRun = false } = layout;
  const { provenance } = entry;
  const text = entry.status === "succeeded" && entry.output.kind === "text" ? entry.output : undefined;
  const usage = entry.status === "succeeded" ? entry.output.usage : undefined;
  const fixed: Record<FixedColumn, CsvCell> = {
    record_id: entry.recordId,
    source: provenance.source,
    member: provenance.member,
    row: provenance.row,
    prompt: provenance.prompt,
    output_text: text?.text,
    stop_reason: text?.stopReason,
    input_tokens: usage?.inputTokens,
    output_tokens: usage?.outputTokens,
    error: errorText(entry),
    status: entry.status,
    notes: entry.notes.join("; "),
  };
  const check = entry.schemaCheck;
  const schemaCells: CsvCell[] = schemaRun ? [check === undefined ? undefined : check.valid ? "yes" : "no", check?.error] : [];
  return [
    ...inputCells(provenance.columns, inputColumns),
    ...RESULT_CSV_COLUMNS.map((column) => fixed[column]),
    ...schemaCells,
    ...fieldNames.map((name) => entry.fields?.[name]),
  ];
}

export function csvCellsOfSkipped(skipped: SkippedInput, fieldNames: readonly string[], layout: CsvLayout = {}): CsvCell[] {
  const { inputColumns = [], schemaRun = false } = layout;
  // The skipped input's description (`data.csv row 17`) stands in for the source: it never became a record.
  const fixed: Partial<Record<FixedColumn, CsvCell>> = { source: skipped.input, error: `skipped: ${skipped.reason}`, status: "skipped" };
  return [
    ...inputColumns.map(() => undefined),
    ...RESULT_CSV_COLUMNS.map((column) => fixed[column]),
    ...(schemaRun ? SCHEMA_CSV_COLUMNS.map(() => undefined) : []),
    ...fieldNames.map(() => undefined),
  ];
}

/** A `results.jsonl` line: everything about one record except its vector (that is in `vectors.jsonl`). */
export function detailOfEntry(entry: ResultEntry): Record<string, unknown> {
  const outcome =
    entry.status === "succeeded"
      ? {
          output:
            entry.output.kind === "text"
              ? entry.output
              : { kind: "embedding", family: entry.output.family, dimensions: entry.output.vector.dimensions, usage: entry.output.usage },
        }
      : entry.status === "failed"
        ? { error: entry.error }
        : { error: { errorCode: "not_processed", errorMessage: NOT_PROCESSED_MESSAGE } };
  const { recordId, status, provenance, fields, notes, at, schemaCheck } = entry;
  const { columns, ...place } = provenance;
  return { recordId, status, ...place, input: inputObject(columns), ...outcome, fields, ...(schemaCheck === undefined ? {} : { schemaCheck }), notes, at };
}

/** The row's own fields as one object (absent for files), for JSON readers. */
export function inputObject(columns: readonly InputColumn[] | undefined): Record<string, string> | undefined {
  return columns === undefined ? undefined : Object.fromEntries(columns);
}

export function detailOfSkipped(skipped: SkippedInput): Record<string, unknown> {
  return { status: "skipped", input: skipped.input, reason: skipped.reason };
}

/** `summary.json`: counts, tokens, cost, warnings. */
export function resultsSummary(
  results: BatchResults,
  cost: BatchCost | undefined,
  extraWarnings: readonly string[] = [],
): Record<string, unknown> {
  return {
    counts: results.counts,
    tokens: results.tokens,
    cost,
    manifests: results.manifests,
    fields: results.fieldNames,
    ...(results.schemaName === undefined ? {} : { schema: results.schemaName, schemaInvalid: results.entries.filter((entry) => entry.schemaCheck?.valid === false).length }),
    warnings: [...results.warnings, ...extraWarnings],
  };
}

function errorText(entry: ResultEntry): string | undefined {
  if (entry.status === "failed") return `${entry.error.errorCode}: ${entry.error.errorMessage}`;
  if (entry.status === "not_processed") return NOT_PROCESSED_MESSAGE;
  return undefined;
}
