/**
 * Results -> files, streamed: `results.csv` (one row per input, input order, extracted fields as columns),
 * `results.jsonl` (full detail), `summary.json` (counts, tokens, cost, warnings), `problems.jsonl` (output lines that
 * fit no record) and for embeddings `vectors.jsonl` + `vectors.npy`.
 */
import { stringify } from "csv-stringify";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BatchCost } from "./compute-batch-cost.ts";
import {
  csvCellsOfEntry,
  csvCellsOfSkipped,
  detailOfEntry,
  detailOfSkipped,
  resultCsvColumns,
  resultsSummary,
  type CsvCell,
} from "./format-result-rows.ts";
import type { BatchResults } from "./result-types.ts";
import { streamInto } from "./stream-into.ts";
import type { VectorStore } from "./vector-store.ts";
import { embeddingEntries, npyShape, writeVectorsJsonl, writeVectorsNpy } from "./write-vectors.ts";

/** The files a results directory holds; optional ones are absent when there was nothing to put in them. */
const RESULT_FILE_NAMES = {
  csv: "results.csv",
  jsonl: "results.jsonl",
  summary: "summary.json",
  problems: "problems.jsonl",
  vectorsJsonl: "vectors.jsonl",
  vectorsNpy: "vectors.npy",
} as const;

export type ResultFileKind = keyof typeof RESULT_FILE_NAMES;

export async function writeResultsCsv(results: BatchResults, out: Writable): Promise<void> {
  const { fieldNames, inputColumns } = results;
  const layout = { inputColumns, schemaRun: results.schemaName !== undefined };
  function* rows(): Generator<CsvCell[]> {
    for (const entry of results.entries) yield csvCellsOfEntry(entry, fieldNames, layout);
    for (const skipped of results.skipped) yield csvCellsOfSkipped(skipped, fieldNames, layout);
  }
  await pipeline(Readable.from(rows()), stringify({ header: true, columns: resultCsvColumns(fieldNames, layout) }), out);
}

async function writeResultsJsonl(results: BatchResults, out: Writable): Promise<void> {
  function* lines(): Generator<string> {
    for (const entry of results.entries) yield `${JSON.stringify(detailOfEntry(entry))}\n`;
    for (const skipped of results.skipped) yield `${JSON.stringify(detailOfSkipped(skipped))}\n`;
  }
  await streamInto(lines(), out);
}

async function writeProblemsJsonl(results: BatchResults, out: Writable): Promise<void> {
  await streamInto(
    results.problems.map((problem) => `${JSON.stringify(problem)}\n`),
    out,
  );
}

export interface WriteResultsOptions {
  /** The store the vectors were read into (see `readBatchResults`). */
  vectors: VectorStore;
  /** Cost for `summary.json` (see `computeBatchCost`); left out when prices are unknown. */
  cost?: BatchCost;
}

/** Writes into `dir` (created if needed); returns the files written, by kind. */
export async function writeBatchResultsToDirectory(
  results: BatchResults,
  dir: string,
  options: WriteResultsOptions,
): Promise<Partial<Record<ResultFileKind, string>>> {
  await mkdir(dir, { recursive: true });
  const written: Partial<Record<ResultFileKind, string>> = {};
  const open = (kind: ResultFileKind): Writable => {
    const path = join(dir, RESULT_FILE_NAMES[kind]);
    written[kind] = path;
    return createWriteStream(path);
  };
  await writeResultsCsv(results, open("csv"));
  await writeResultsJsonl(results, open("jsonl"));
  if (results.problems.length > 0) await writeProblemsJsonl(results, open("problems"));
  const extraWarnings: string[] = [];
  if (embeddingEntries(results.entries).length > 0) {
    await writeVectorsJsonl(results.entries, options.vectors, open("vectorsJsonl"));
    if (npyShape(results.entries) !== undefined) await writeVectorsNpy(results.entries, options.vectors, open("vectorsNpy"));
    else extraWarnings.push("Vectors have different dimensions, so there is no vectors.npy; vectors.jsonl has them all.");
  }
  await streamInto([`${JSON.stringify(resultsSummary(results, options.cost, extraWarnings), null, 2)}\n`], open("summary"));
  return written;
}
