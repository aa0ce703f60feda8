/** A plan as one JSON object (`batch plan --json`, `plan.json` in a plan directory): counts, decision, jobs, cost. */
import type { SkippedInput } from "../batch-types.ts";
import type { HeldRecords, RunActionName } from "./decide-run-action.ts";
import type { RunCostEstimate } from "./estimate-run-cost.ts";
import type { BatchPlan } from "./plan-batch-run.ts";

export interface PlanSummary {
  model: string;
  modelId: string;
  invocationType: BatchPlan["invocationType"];
  inputs: number;
  records: number;
  skipped: SkippedInput[];
  minRecords: number;
  /** What the run does with its records. */
  policy: RunActionName;
  reason: string;
  held?: HeldRecords;
  jobs: { index: number; records: number; bytes: number; files: { name: string; records: number; bytes: number }[] }[];
  estimatedCost: RunCostEstimate;
}

/** `fileName(k)` names the k-th input file of a job (the layout's `records-<k>.jsonl`). */
export function summarizePlan(plan: BatchPlan, fileName: (fileIndex: number) => string): PlanSummary {
  const { decision } = plan;
  return {
    model: plan.model.name,
    modelId: plan.model.model_identifier,
    invocationType: plan.invocationType,
    inputs: plan.counts.inputs,
    records: plan.counts.records,
    skipped: plan.skipped,
    minRecords: plan.minRecords,
    policy: decision.action,
    reason: decision.reason,
    ...(decision.action === "wait" ? { held: decision.held } : {}),
    jobs: plan.jobs.map((job) => ({
      index: job.index,
      records: job.end - job.start,
      bytes: job.bytes,
      files: job.files.map((file) => ({ name: fileName(file.index), records: file.end - file.start, bytes: file.bytes })),
    })),
    estimatedCost: plan.estimate,
  };
}
