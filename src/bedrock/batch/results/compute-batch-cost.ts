/** What a run's tokens cost at the batch price, and what they would have cost on demand. */
import type { ModelConfig } from "../../../config/schema.ts";
import type { TokenUsage } from "./result-types.ts";

/** Batch inference is billed at 50% of the on-demand price for supported models (reference/bedrock.md). */
export const BATCH_PRICE_FACTOR = 0.5;

const TOKENS_PER_PRICE_UNIT = 1_000_000;

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
  const onDemandUsd = (tokens.inputTokens * prices.price_in + tokens.outputTokens * prices.price_out) / TOKENS_PER_PRICE_UNIT;
  const batchUsd = onDemandUsd * BATCH_PRICE_FACTOR;
  return { batchUsd, onDemandUsd, savingUsd: onDemandUsd - batchUsd };
}
