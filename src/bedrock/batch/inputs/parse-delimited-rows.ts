/**
 * CSV/TSV bytes -> one event per data row, streamed: the bytes are fed to csv-parse in chunks and rows are yielded as
 * each chunk is parsed, so 50,000 rows never sit in memory at once.
 *
 * csv-parse handles quotes, embedded newlines, CRLF and a UTF-8 BOM. A bad row is skipped with its number and reason
 * instead of failing the file: stray quotes are kept as text (`relax_quotes`, as spreadsheets do), a row whose field
 * count differs from the header's is skipped, and a quote never closed skips the rest of the file as one input.
 */
import { parse, type Parser } from "csv-parse";
import type { RowEvent } from "./row-event.ts";
import { errorMessage } from "../../../format/error-message.ts";

/**
 * Bytes handed to the parser at a time. Every row of a chunk waits in the queue until read; at 64 KiB (~1,200 rows)
 * enough of them outlived a young-generation GC to be promoted that a 50,000-row plan left ~7 MB more old-space
 * garbage (bench/csv-to-s3.ts); below 8 KiB nothing more is gained.
 */
const CHUNK_BYTES = 8 * 1024;

/** Header cells as usable, unique column names: trimmed, `column3` for an empty cell, `name_2` for a repeat. */
export function toColumnNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((cell, index) => {
    const base = cell.trim() || `column${index + 1}`;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}

/** Writes one chunk and waits until the parser has consumed it (its rows are then in the queue). */
function writeChunk(parser: Parser, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Ends the input and waits for the parser's final rows (or its end-of-file error). */
function endInput(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once("error", reject);
    parser.once("end", resolve);
    parser.end();
  });
}

/**
 * Yields one event per data row (1-based, header excluded, blank lines not counted), then a file-level skip if the
 * file has no header or no data rows.
 */
export async function* parseDelimitedRows(bytes: Uint8Array, delimiter: "," | "\t"): AsyncGenerator<RowEvent> {
  let columns: string[] | undefined;
  let row = 0;
  const queue: RowEvent[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Rows are taken here, in parse order, and never pushed to the stream: a parse error then cannot discard rows
    // that were already parsed but not yet read.
    on_record: (fields: string[]) => {
      if (columns === undefined) {
        columns = toColumnNames(fields);
      } else {
        row++;
        queue.push(toRowEvent(columns, fields, row));
      }
      return null;
    },
  });
  parser.resume();
  parser.on("error", () => {}); // reported through writeChunk/endInput
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
      await writeChunk(parser, bytes.subarray(offset, offset + CHUNK_BYTES));
      yield* queue.splice(0);
    }
    await endInput(parser);
  } catch (error) {
    yield* queue.splice(0);
    // Only an unclosed quote is fatal with the relaxed options: it swallowed everything after the last good row.
    yield { type: "skipped", row: row + 1, reason: `unreadable from here to the end of the file: ${errorMessage(error)}` };
    return;
  }
  yield* queue.splice(0);
  if (columns === undefined) yield { type: "skipped", reason: "the file has no rows" };
  else if (row === 0) yield { type: "skipped", reason: "the file has a header row but no data rows" };
}

function toRowEvent(columns: readonly string[], fields: readonly string[], row: number): RowEvent {
  if (fields.length !== columns.length) {
    const count = fields.length === 1 ? "1 field" : `${fields.length} fields`;
    return { type: "skipped", row, reason: `it has ${count} but the header has ${columns.length}` };
  }
  if (fields.every((field) => field.trim() === "")) return { type: "skipped", row, reason: "the row is empty" };
  const values: Record<string, string> = {};
  columns.forEach((column, index) => {
    values[column] = fields[index] ?? "";
  });
  return { type: "row", row, columns, values };
}
