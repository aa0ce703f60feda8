/**
 * What a run's tokens cost at the batch price, next to what they would have cost on demand. The arithmetic is
 * `costOfUsage`'s (one place for prices and the 50% batch discount).
 */
import type { ModelConfig } from "../../../config/schema.ts";
import { costOfUsage } from "../../usage/cost-of-usage.ts";
import { ZERO_USAGE } from "../../usage/turn-usage.ts";
import type { TokenUsage } from "./result-types.ts";

export interface BatchCost {
  /** At the batch price. */
  batchUsd: number;
  /** The same tokens on demand. */
  onDemandUsd: number;
  /** `onDemandUsd - batchUsd`. */
  savingUsd: number;
}

/** Prices are the model's on-demand `price_in` / `price_out`, USD per million tokens. */
export function computeBatchCost(tokens: TokenUsage, prices: Pick<ModelConfig, "price_in" | "price_out">): BatchCost {
  const { inputTokens, outputTokens } = tokens;
  const usage = { ...ZERO_USAGE, inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const onDemandUsd = costOfUsage(usage, prices);
  const batchUsd = costOfUsage(usage, prices, { batch: true });
  return { batchUsd, onDemandUsd, savingUsd: onDemandUsd - batchUsd };
}
