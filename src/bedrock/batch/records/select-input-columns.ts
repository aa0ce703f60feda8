/**
 * Which of a data row's own fields a run keeps in its records' provenance (and so in every result file): all of them by
 * default, only `keep` when given, never those in `drop` (large text columns a user does not want repeated beside the
 * output). Selected once, when records are built, so a 50,000-row run does not hold dropped text in memory.
 */
import type { InputColumn } from "../batch-types.ts";

export interface ColumnSelection {
  /** Only these columns (by name); absent: every column of the row. */
  keep?: readonly string[];
  /** Never these columns, even when listed in `keep`. */
  drop?: readonly string[];
}

/** The kept `(name, value)` pairs of one row, in the row's own column order. */
export function selectInputColumns(
  columns: readonly string[],
  values: Readonly<Record<string, string>>,
  selection: ColumnSelection = {},
): InputColumn[] {
  const keep = selection.keep === undefined ? undefined : new Set(selection.keep);
  const drop = new Set(selection.drop ?? []);
  const kept: InputColumn[] = [];
  for (const name of columns) {
    if (drop.has(name) || (keep !== undefined && !keep.has(name))) continue;
    kept.push([name, values[name] ?? ""]);
  }
  return kept;
}

/** Names in `selection` that no row of the run had: a typo the user should hear about. */
export function unseenSelectedColumns(selection: ColumnSelection, seen: ReadonlySet<string>): string[] {
  return [...(selection.keep ?? []), ...(selection.drop ?? [])].filter((name) => !seen.has(name));
}
