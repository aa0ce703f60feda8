/**
 * A plan without its records: what the store keeps while the records wait in S3 (a plan awaiting Confirm). The model
 * goes by name (the config holds the rest).
 */
import type { BatchPlan } from "./plan-batch-run.ts";

export interface PlanFigures extends Omit<BatchPlan, "replay" | "provenance" | "model"> {
  model: string;
}

export function planFigures(plan: BatchPlan): PlanFigures {
  const { invocationType, minRecords, maxRecords, counts, skipped, jobs, decision, estimate, outputSchema } = plan;
  return {
    model: plan.model.name,
    invocationType,
    minRecords,
    maxRecords,
    counts,
    skipped,
    jobs,
    decision,
    estimate,
    ...(outputSchema === undefined ? {} : { outputSchema }),
  };
}
