/**
 * Follows every original record (a record of the first stage) through the stages it reached: stage n's records are
 * rows of an input the pipeline generated, so row n of stage k is `inputIds[n-1]` of that stage. A record that reached
 * a stage and has no outcome there (its row was skipped, the stage never ran) fails in that stage with the reason:
 * nothing is dropped. Pure.
 */
import type { StageResults, StageSkip } from "./stage-outcomes.ts";

type StageCell = { status: "succeeded"; output: string } | { status: "failed"; error: string };

/** One original record and what each stage it reached made of it (`cells[k-1]`: stage k). */
export interface TracedRecord {
  recordId: string;
  source: string;
  member?: string;
  row?: number;
  /** The original row's own fields (data rows only). */
  input?: Record<string, string>;
  cells: StageCell[];
}

/** A stage as it ended: its results, or why it never ran; from stage 2 on, the original id of each row handed to it. */
export interface EndedStage {
  results?: StageResults;
  /** Set when the stage did not run (refused, cancelled). */
  reason?: string;
  inputIds?: readonly string[];
}

export interface PipelineTrace {
  records: TracedRecord[];
  /** Inputs of the first stage that never became records. */
  skipped: StageSkip[];
}

export function tracePipelineRecords(stages: readonly EndedStage[]): PipelineTrace {
  const [first, ...later] = stages;
  if (first === undefined) return { records: [], skipped: [] };
  const records: TracedRecord[] = (first.results?.outcomes ?? []).map((outcome) => ({
    recordId: outcome.recordId,
    source: outcome.source,
    ...(outcome.member === undefined ? {} : { member: outcome.member }),
    ...(outcome.row === undefined ? {} : { row: outcome.row }),
    ...(outcome.input === undefined ? {} : { input: outcome.input }),
    cells: [outcome.status === "succeeded" ? { status: "succeeded", output: outcome.output ?? "" } : { status: "failed", error: outcome.error ?? "failed" }],
  }));
  const byId = new Map(records.map((record) => [record.recordId, record]));
  for (const [index, stage] of later.entries()) traceStage(index + 2, stage, byId);
  return { records, skipped: first.results?.skipped ?? [] };
}

function traceStage(stage: number, ended: EndedStage, byId: ReadonlyMap<string, TracedRecord>): void {
  const inputIds = ended.inputIds ?? [];
  const cells = new Map<string, StageCell>();
  const rowOf = (row: number | undefined) => (row === undefined ? undefined : inputIds[row - 1]);
  for (const outcome of ended.results?.outcomes ?? []) {
    const id = rowOf(outcome.row);
    if (id === undefined) continue;
    cells.set(id, outcome.status === "succeeded" ? { status: "succeeded", output: outcome.output ?? "" } : { status: "failed", error: outcome.error ?? "failed" });
  }
  const skips = new Map((ended.results?.skipped ?? []).flatMap((skip) => (rowOf(skip.row) === undefined ? [] : [[rowOf(skip.row) ?? "", skip.reason] as const])));
  for (const id of inputIds) {
    const record = byId.get(id);
    if (record === undefined) continue;
    const reason = ended.reason === undefined ? `skipped in stage ${stage}: ${skips.get(id) ?? "no result"}` : `stage ${stage} did not run: ${ended.reason}`;
    record.cells.push(cells.get(id) ?? { status: "failed", error: reason });
  }
}
