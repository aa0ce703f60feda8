/**
 * One stage's results as the pipeline reads them back: the `results.jsonl` and `summary.json` the results step wrote
 * (`writeBatchResultsToDirectory`) -> one outcome per record, the skipped inputs, and the counts. The pipeline reads
 * these files rather than its own copy of the results, so a batch stage and an on-demand one are read alike.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TokenUsage } from "../results/result-types.ts";

/** What one record of a stage became. */
interface StageOutcome {
  recordId: string;
  status: "succeeded" | "failed";
  source: string;
  member?: string;
  /** The record's row in the stage's input (from stage 2 on: its row in the generated input). */
  row?: number;
  /** Text output, or `[embedding: N dimensions]`. */
  output?: string;
  /** `code: message`; records never processed fail with the reason. */
  error?: string;
  /** A data row's own fields (its CSV columns, its JSONL keys), as the results carry them. */
  input?: Record<string, string>;
}

/** An input that never became a record, with its row when it was a data row. */
export interface StageSkip {
  input: string;
  reason: string;
  row?: number;
}

export interface StageResults {
  outcomes: StageOutcome[];
  skipped: StageSkip[];
  tokens: TokenUsage;
}

/** Reads `<dir>/results.jsonl` and `<dir>/summary.json`. */
export async function readStageResults(dir: string): Promise<StageResults> {
  const lines = (await readFile(join(dir, "results.jsonl"), "utf8")).split("\n").filter((line) => line.trim() !== "");
  const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as { tokens?: Partial<TokenUsage> };
  const outcomes: StageOutcome[] = [];
  const skipped: StageSkip[] = [];
  for (const line of lines) {
    const detail = JSON.parse(line) as ResultDetail;
    if (detail.status === "skipped") skipped.push(skipOf(detail));
    else outcomes.push(outcomeOf(detail));
  }
  return { outcomes, skipped, tokens: { inputTokens: summary.tokens?.inputTokens ?? 0, outputTokens: summary.tokens?.outputTokens ?? 0 } };
}

/** A `results.jsonl` line (`detailOfEntry`, `detailOfSkipped`), as far as the pipeline reads it. */
interface ResultDetail {
  status: "succeeded" | "failed" | "not_processed" | "skipped";
  recordId?: string;
  source?: string;
  member?: string;
  row?: number;
  output?: { kind?: string; text?: string; dimensions?: number };
  error?: { errorCode?: string | number; errorMessage?: string };
  /** A skipped input's description; a record's own fields (an object). */
  input?: string | Record<string, string>;
  reason?: string;
}

function outcomeOf(detail: ResultDetail): StageOutcome {
  const own = typeof detail.input === "object" ? { input: detail.input } : {};
  const place = { recordId: detail.recordId ?? "", source: detail.source ?? "", ...(detail.member === undefined ? {} : { member: detail.member }), ...(detail.row === undefined ? {} : { row: detail.row }), ...own };
  if (detail.status === "succeeded") {
    const output = detail.output?.kind === "embedding" ? `[embedding: ${detail.output.dimensions ?? 0} dimensions]` : (detail.output?.text ?? "");
    return { ...place, status: "succeeded", output };
  }
  return { ...place, status: "failed", error: `${detail.error?.errorCode ?? "failed"}: ${detail.error?.errorMessage ?? ""}` };
}

/** `describeOrigin` ends a data row's input with `row <n>`. */
const ROW_SUFFIX = / row (\d+)$/;

function skipOf(detail: ResultDetail): StageSkip {
  const input = typeof detail.input === "string" ? detail.input : "";
  const row = ROW_SUFFIX.exec(input)?.[1];
  return { input, reason: detail.reason ?? "", ...(row === undefined ? {} : { row: Number(row) }) };
}
