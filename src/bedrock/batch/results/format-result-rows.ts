/**
 * Results -> rows of the files a user gets: CSV cells and JSONL detail objects, one per input (planned records in
 * input order, then skipped inputs). Pure; the writers only stream these out.
 */
import type { SkippedInput } from "../batch-types.ts";
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

/**
 * Header: the fixed columns, the schema columns of a schema run, then one per extracted field (prefixed `field_` if
 * it would clash with a fixed one).
 */
export function resultCsvColumns(fieldNames: readonly string[], schemaRun = false): string[] {
  const fixed = new Set<string>([...RESULT_CSV_COLUMNS, ...SCHEMA_CSV_COLUMNS]);
  return [...RESULT_CSV_COLUMNS, ...(schemaRun ? SCHEMA_CSV_COLUMNS : []), ...fieldNames.map((name) => (fixed.has(name) ? `field_${name}` : name))];
}

type FixedColumn = (typeof RESULT_CSV_COLUMNS)[number];

export function csvCellsOfEntry(entry: ResultEntry, fieldNames: readonly string[], schemaRun = false): CsvCell[] {
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
  return [...RESULT_CSV_COLUMNS.map((column) => fixed[column]), ...schemaCells, ...fieldNames.map((name) => entry.fields?.[name])];
}

export function csvCellsOfSkipped(skipped: SkippedInput, fieldNames: readonly string[], schemaRun = false): CsvCell[] {
  // The skipped input's description (`data.csv row 17`) stands in for the source: it never became a record.
  const fixed: Partial<Record<FixedColumn, CsvCell>> = { source: skipped.input, error: `skipped: ${skipped.reason}`, status: "skipped" };
  return [...RESULT_CSV_COLUMNS.map((column) => fixed[column]), ...(schemaRun ? SCHEMA_CSV_COLUMNS.map(() => undefined) : []), ...fieldNames.map(() => undefined)];
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
  return { recordId, status, ...provenance, ...outcome, fields, ...(schemaCheck === undefined ? {} : { schemaCheck }), notes, at };
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
