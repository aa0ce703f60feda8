/**
 * What a run is likely to cost, before it runs: the planner's input-token estimates plus output tokens bounded by
 * max_tokens, priced on demand and at the batch price (both through `costOfUsage`, the one place for prices and the
 * 50% batch discount). Planning figures; the manifest has the real tokens afterwards.
 */
import type { ModelConfig } from "../../../config/schema.ts";
import { costOfUsage } from "../../usage/cost-of-usage.ts";
import { ZERO_USAGE } from "../../usage/turn-usage.ts";
import type { RunActionName } from "./decide-run-action.ts";

/** When no max_tokens is set: a typical answer length, so the estimate is not zero. Bedrock's own defaults vary. */
const ASSUMED_OUTPUT_TOKENS = 1_000;

export interface RunCostEstimate {
  inputTokens: number;
  outputTokens: number;
  /** `max_tokens`: records x max_tokens (an upper bound); `assumed`: records x ASSUMED_OUTPUT_TOKENS; `none`: embeddings. */
  outputBasis: "max_tokens" | "assumed" | "none";
  /** All records as batch jobs (also what `wait` costs once pooled). */
  batchUsd: number;
  /** All records on demand. */
  onDemandUsd: number;
  /** What the decided action costs: batch and wait at the batch price, on_demand in full, reject nothing. */
  chosenUsd: number;
}

export interface EstimateRunCostInput {
  records: number;
  inputTokens: number;
  /** The run's max_tokens, else the model's. */
  maxTokens: number | undefined;
  model: Pick<ModelConfig, "price_in" | "price_out" | "kind">;
  action: RunActionName;
}

export function estimateRunCost(input: EstimateRunCostInput): RunCostEstimate {
  const { records, inputTokens, maxTokens, model } = input;
  const outputBasis = model.kind === "embedding" ? "none" : maxTokens === undefined ? "assumed" : "max_tokens";
  const perRecord = outputBasis === "none" ? 0 : (maxTokens ?? ASSUMED_OUTPUT_TOKENS);
  const outputTokens = records * perRecord;
  const usage = { ...ZERO_USAGE, inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const onDemandUsd = costOfUsage(usage, model);
  const batchUsd = costOfUsage(usage, model, { batch: true });
  return { inputTokens, outputTokens, outputBasis, batchUsd, onDemandUsd, chosenUsd: chosenCost(input.action, batchUsd, onDemandUsd) };
}

function chosenCost(action: RunActionName, batchUsd: number, onDemandUsd: number): number {
  switch (action) {
    case "batch":
    case "wait":
      return batchUsd;
    case "on_demand":
      return onDemandUsd;
    case "reject":
      return 0;
    default: {
      const unexpected: never = action;
      throw new Error(`unknown run action ${String(unexpected)}`);
    }
  }
}
