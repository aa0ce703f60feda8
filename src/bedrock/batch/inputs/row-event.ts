/** What the data-file parsers (CSV/TSV, JSONL, JSON arrays) yield: a row, or why a row (or the file) is unusable. */
export type RowEvent =
  | { type: "row"; row: number; columns: readonly string[]; values: Readonly<Record<string, string>> }
  /** `row` absent: the whole file is unusable (empty, no data rows, not JSON). */
  | { type: "skipped"; row?: number; reason: string };
