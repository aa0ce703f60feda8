/**
 * A pipeline's final results: one row per original record (and one per input the first stage skipped), in input
 * order, the original row's own columns first, then every stage's output side by side. `status` is `succeeded` when the record made it through every stage;
 * otherwise `failed` with the stage it failed in and why (stages after that one are empty, never dropped). Pure.
 */
import type { ModelConfig } from "../../../config/schema.ts";
import { computeBatchCost } from "../results/compute-batch-cost.ts";
import { stageOutputColumn } from "./pipeline-spec.ts";
import type { StageSummary } from "./pipeline.ts";
import type { EndedStage, PipelineTrace } from "./trace-pipeline-records.ts";

type PipelineRow = Record<string, string>;

export interface JoinedPipelineResults {
  columns: string[];
  rows: PipelineRow[];
  /** Records that made it through every stage. */
  succeeded: number;
}

export function joinPipelineResults(trace: PipelineTrace, stages: number): JoinedPipelineResults {
  const outputs = Array.from({ length: stages }, (_, index) => stageOutputColumn(index + 1));
  const ours = ["record_id", "source", "member", "row", "status", "failed_stage", "error", ...outputs];
  // The input's own columns first, under their names (`input_` in front of one that is also ours).
  const own = [...new Set(trace.records.flatMap((record) => Object.keys(record.input ?? {})))];
  const headerOf = new Map(own.map((name) => [name, ours.includes(name) ? `input_${name}` : name]));
  const columns = [...headerOf.values(), ...ours];
  let succeeded = 0;
  const rows: PipelineRow[] = trace.records.map((record) => {
    const failedAt = record.cells.findIndex((cell) => cell.status === "failed");
    const failed = failedAt === -1 ? undefined : record.cells[failedAt];
    const done = failed === undefined && record.cells.length === stages;
    if (done) succeeded++;
    const row: PipelineRow = {
      ...Object.fromEntries(Object.entries(record.input ?? {}).map(([name, value]) => [headerOf.get(name) ?? name, value])),
      record_id: record.recordId,
      source: record.source,
      member: record.member ?? "",
      row: record.row === undefined ? "" : String(record.row),
      status: done ? "succeeded" : "failed",
      failed_stage: failed === undefined ? (done ? "" : String(record.cells.length + 1)) : String(failedAt + 1),
      error: failed?.status === "failed" ? failed.error : done ? "" : "the pipeline stopped before this stage",
    };
    for (const [index, column] of outputs.entries()) {
      const cell = record.cells[index];
      row[column] = cell?.status === "succeeded" ? cell.output : "";
    }
    return row;
  });
  for (const skip of trace.skipped) {
    rows.push({ ...Object.fromEntries(columns.map((column) => [column, ""])), source: skip.input, status: "skipped", failed_stage: "1", error: skip.reason });
  }
  return { columns, rows, succeeded };
}

/** A stage's counts from its results (inputs: rows handed to it; the first stage: its records and skipped inputs). */
export function summarizeStage(ended: EndedStage, costUsd?: number): StageSummary {
  const outcomes = ended.results?.outcomes ?? [];
  const skipped = ended.results?.skipped.length ?? 0;
  const succeeded = outcomes.filter((outcome) => outcome.status === "succeeded").length;
  const inputs = ended.inputIds === undefined ? outcomes.length + skipped : ended.inputIds.length;
  return {
    inputs,
    records: outcomes.length,
    // A stage that never ran turned none of its rows into records.
    skipped: ended.results === undefined ? inputs : skipped,
    succeeded,
    failed: outcomes.length - succeeded,
    ...(costUsd === undefined ? {} : { costUsd }),
    ...(ended.reason === undefined ? {} : { reason: ended.reason }),
  };
}

/** `summarizeStage` with the stage's cost: its tokens at the price it ran at (batch, or on demand); none without prices. */
export function summarizeStageAt(ended: EndedStage, prices: Pick<ModelConfig, "price_in" | "price_out"> | undefined, price: "batch" | "on_demand"): StageSummary {
  if (ended.results === undefined || prices === undefined) return summarizeStage(ended);
  const cost = computeBatchCost(ended.results.tokens, prices);
  return summarizeStage(ended, price === "batch" ? cost.batchUsd : cost.onDemandUsd);
}
