/**
 * What a run's tokens cost at the batch price, next to what they would have cost on demand. The arithmetic is
 * `costOfUsage`'s (one place for prices and the 50% batch discount).
 */
import { costOfUsage, type PriceSheet } from "../../usage/cost-of-usage.ts";
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

/**
 * Prices are the model's on-demand ones, USD per million tokens. Prompt-cache counts, where a batch output reports
 * them, are priced at the cache rates; `inputTokens` is then taken as Bedrock reports it, without the cached ones.
 */
export function computeBatchCost(tokens: TokenUsage & { cacheReadInputTokens?: number; cacheWriteInputTokens?: number }, prices: PriceSheet): BatchCost {
  const { inputTokens, outputTokens, cacheReadInputTokens = 0, cacheWriteInputTokens = 0 } = tokens;
  const usage = { ...ZERO_USAGE, inputTokens, outputTokens, cacheReadInputTokens, cacheWriteInputTokens, totalTokens: inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens };
  const onDemandUsd = costOfUsage(usage, prices);
  const batchUsd = costOfUsage(usage, prices, { batch: true });
  return { batchUsd, onDemandUsd, savingUsd: onDemandUsd - batchUsd };
}
