/**
 * What a run does with its records: batch when there are at least the model's minimum (and they fit the quotas);
 * below it, the small-batch policy (`--policy`, else `[batch] small_batch_policy`): run them on demand at the full
 * price, hold them until more arrive (`wait`), or refuse (`reject`). Reasons are sentences with the numbers.
 */
import type { BatchConfig } from "../../../config/schema.ts";
import type { ChunkPlan } from "../plan/chunk-batch-records.ts";

export type SmallBatchPolicy = BatchConfig["small_batch_policy"];

export const SMALL_BATCH_POLICIES: readonly SmallBatchPolicy[] = ["on_demand", "wait", "reject"];

/** Records put aside by `wait` until enough arrive for a job (the Discord side pools them). */
export interface HeldRecords {
  records: number;
  minRecords: number;
  /** How many more records a job needs: `minRecords - records`. */
  needed: number;
}

export type PlanDecision =
  | { action: "batch"; reason: string }
  | { action: "on_demand"; reason: string }
  | { action: "wait"; reason: string; held: HeldRecords }
  | { action: "reject"; reason: string };

export type RunActionName = PlanDecision["action"];

export interface DecideRunActionInput {
  records: number;
  minRecords: number;
  modelName: string;
  policy: SmallBatchPolicy;
  chunks: ChunkPlan;
}

export function decideRunAction(input: DecideRunActionInput): PlanDecision {
  const { records, minRecords, modelName, chunks } = input;
  if (records === 0) return { action: "reject", reason: "None of the inputs became a record; see the skipped inputs." };
  if (chunks.ok) {
    const jobs = chunks.jobs.length;
    return { action: "batch", reason: `${plural(records, "record")} in ${plural(jobs, "batch job")}, at the batch price (half of on-demand).` };
  }
  switch (chunks.reason) {
    case "under_minimum":
      return smallBatch(input, `${plural(records, "record")}, fewer than the batch minimum of ${minRecords} for ${modelName}`);
    case "record_too_large":
    case "cannot_balance":
      return { action: "reject", reason: `These records cannot be split into batch jobs within Bedrock's quotas: ${chunks.detail}.` };
    default: {
      const unexpected: never = chunks.reason;
      throw new Error(`unknown chunking failure ${String(unexpected)}`);
    }
  }
}

function smallBatch(input: DecideRunActionInput, under: string): PlanDecision {
  const { policy, records, minRecords } = input;
  switch (policy) {
    case "on_demand":
      return { action: "on_demand", reason: `${under}: they run on demand, at the full price.` };
    case "wait": {
      const needed = minRecords - records;
      return {
        action: "wait",
        reason: `held: ${plural(records, "record")}, need ${needed} more for a batch job (minimum ${minRecords}).`,
        held: { records, minRecords, needed },
      };
    }
    case "reject":
      return { action: "reject", reason: `${under}: add at least ${minRecords - records} more, or use the on_demand policy.` };
    default: {
      const unexpected: never = policy;
      throw new Error(`unknown small-batch policy ${String(unexpected)}`);
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
