/**
 * Tokens -> USD from a model's configured prices: the one place for prices, the prompt-cache rates, the service-tier
 * rates and the 50% batch discount.
 *
 * Bedrock reports `inputTokens` WITHOUT the tokens read from or written to the prompt cache; those come as
 * `cacheReadInputTokens` / `cacheWriteInputTokens` and are billed at their own rates (`price_cache_read`,
 * `price_cache_write`; default 0.1x and 1.25x the input price, Anthropic Claude's rates on Bedrock).
 */
import { DEFAULTS, type ModelConfig, type ServiceTierName } from "../../config/schema.ts";
import type { TurnUsage } from "./turn-usage.ts";

const TOKENS_PER_PRICE_UNIT = 1_000_000; // prices are USD per million tokens
/** Bedrock batch inference is billed at 50% of on-demand for supported models. */
const BATCH_DISCOUNT = 0.5;

/** The price keys of a model; every key but price_in / price_out is optional. */
export type PriceSheet = Pick<ModelConfig, "price_in" | "price_out"> &
  Partial<Pick<ModelConfig, "price_cache_read" | "price_cache_write" | "price_in_flex" | "price_out_flex" | "price_in_priority" | "price_out_priority">>;

export interface CostOptions {
  /** Batch inference price (half of on-demand). */
  batch?: boolean;
  /** The service tier the call was served on (as Bedrock echoed it); absent or "default": standard prices. */
  tier?: string;
}

export interface UsageCost {
  /** USD; when `known` is false, the same tokens at standard prices (an estimate, never a silent $0). */
  usd: number;
  /** False when the tier's prices are not configured. */
  known: boolean;
  /** Why the cost is unknown, for the user (names the missing keys). */
  unknownReason?: string;
  /** What the cache reads saved minus what the cache writes cost extra, against plain input prices (may be < 0). */
  cacheSavedUsd: number;
}

interface Rates {
  input: number;
  output: number;
}

/** Input / output prices of a tier, or why they are unknown. */
function tierRates(prices: PriceSheet, tier: string | undefined): { rates: Rates; unknownReason?: string } {
  const standard = { input: prices.price_in, output: prices.price_out };
  const named = (tier ?? "default") as ServiceTierName | "reserved";
  switch (named) {
    case "default":
      return { rates: standard };
    case "flex":
    case "priority": {
      const input = named === "flex" ? prices.price_in_flex : prices.price_in_priority;
      const output = named === "flex" ? prices.price_out_flex : prices.price_out_priority;
      if (input !== undefined && output !== undefined) return { rates: { input, output } };
      return { rates: standard, unknownReason: `no ${named} prices configured (price_in_${named}, price_out_${named})` };
    }
    case "reserved":
      // Reserved capacity is billed per reservation, not per token: nothing to price here.
      return { rates: standard, unknownReason: "reserved tier is billed by reservation" };
    default:
      return { rates: standard, unknownReason: `unknown service tier "${String(tier)}"` };
  }
}

/** Cache rates: configured, else derived from the tier's input price (Claude-style factors). */
function cacheRates(prices: PriceSheet, input: number): { read: number; write: number } {
  return {
    read: prices.price_cache_read ?? input * DEFAULTS.cache_prices.read_factor,
    write: prices.price_cache_write ?? input * DEFAULTS.cache_prices.write_factor,
  };
}

export function priceUsage(usage: TurnUsage, prices: PriceSheet, options: CostOptions = {}): UsageCost {
  const { rates, unknownReason } = tierRates(prices, options.tier);
  const cache = cacheRates(prices, rates.input);
  const discount = options.batch === true ? BATCH_DISCOUNT : 1;
  const usd =
    ((usage.inputTokens * rates.input + usage.cacheReadInputTokens * cache.read + usage.cacheWriteInputTokens * cache.write + usage.outputTokens * rates.output) /
      TOKENS_PER_PRICE_UNIT) *
    discount;
  const cacheSavedUsd =
    ((usage.cacheReadInputTokens * (rates.input - cache.read) - usage.cacheWriteInputTokens * (cache.write - rates.input)) / TOKENS_PER_PRICE_UNIT) * discount;
  return { usd, known: unknownReason === undefined, ...(unknownReason === undefined ? {} : { unknownReason }), cacheSavedUsd };
}

/** USD cost of `usage` (see `priceUsage`; an unknown tier price counts at standard prices). */
export function costOfUsage(usage: TurnUsage, prices: PriceSheet, options: CostOptions = {}): number {
  return priceUsage(usage, prices, options).usd;
}
