/**
 * The joined results of a pipeline as files: `results.csv` (one row per original record, every stage's output as a
 * column) and `results.jsonl` (the same rows, plus a `stages` line per stage with its counts and cost at the top).
 */
import { stringify } from "csv-stringify";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline as pipe } from "node:stream/promises";
import { streamInto } from "../results/stream-into.ts";
import type { JoinedPipelineResults } from "./join-pipeline-results.ts";
import type { StageSummary } from "./pipeline.ts";

export interface PipelineResultFiles {
  csv: string;
  jsonl: string;
}

export async function writePipelineResults(joined: JoinedPipelineResults, summaries: readonly StageSummary[], outDir: string): Promise<PipelineResultFiles> {
  await mkdir(outDir, { recursive: true });
  const csv = join(outDir, "results.csv");
  const jsonl = join(outDir, "results.jsonl");
  await pipe(Readable.from(joined.rows.map((row) => joined.columns.map((column) => row[column] ?? ""))), stringify({ header: true, columns: joined.columns }), createWriteStream(csv));
  function* lines(): Generator<string> {
    for (const [index, summary] of summaries.entries()) yield `${JSON.stringify({ stage: index + 1, ...summary })}\n`;
    for (const row of joined.rows) yield `${JSON.stringify(row)}\n`;
  }
  await streamInto(lines(), createWriteStream(jsonl));
  return { csv, jsonl };
}
