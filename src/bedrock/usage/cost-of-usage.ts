/** Tokens -> USD from a model's configured prices. */
import type { ModelConfig } from "../../config/schema.ts";
import type { TurnUsage } from "./turn-usage.ts";

const TOKENS_PER_PRICE_UNIT = 1_000_000; // price_in / price_out are USD per million tokens
/** Bedrock batch inference is billed at 50% of on-demand for supported models. */
const BATCH_DISCOUNT = 0.5;

export interface CostOptions {
  /** Batch inference price (half of on-demand). */
  batch?: boolean;
}

/**
 * USD cost of `usage` at `model`'s `price_in` / `price_out`. Prompt-cache reads and writes are charged as input
 * tokens: the config has no cache prices, and an upper bound is the safe side for spend caps.
 */
export function costOfUsage(usage: TurnUsage, model: Pick<ModelConfig, "price_in" | "price_out">, options: CostOptions = {}): number {
  const inputTokens = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  const onDemand = (inputTokens * model.price_in + usage.outputTokens * model.price_out) / TOKENS_PER_PRICE_UNIT;
  return options.batch === true ? onDemand * BATCH_DISCOUNT : onDemand;
}
