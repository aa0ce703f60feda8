import { describe, expect, it } from "vitest";
import { costOfUsage, priceUsage } from "../../../src/bedrock/usage/cost-of-usage.ts";
import { addUsage, toTurnUsage } from "../../../src/bedrock/usage/turn-usage.ts";
import { computeBatchCost } from "../../../src/bedrock/batch/results/compute-batch-cost.ts";

const model = { price_in: 3, price_out: 15 };

describe("costOfUsage", () => {
  it("GIVEN a million tokens each way WHEN priced THEN price_in + price_out", () => {
    expect(costOfUsage(toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 }), model)).toEqual(18);
  });

  it("GIVEN batch WHEN priced THEN half", () => {
    expect(costOfUsage(toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 }), model, { batch: true })).toEqual(9);
  });

  it("GIVEN cache reads and writes and no cache prices WHEN priced THEN 0.1x and 1.25x of price_in, and the net saving", () => {
    const usage = toTurnUsage({ inputTokens: 500_000, outputTokens: 0, totalTokens: 1_000_000, cacheReadInputTokens: 250_000, cacheWriteInputTokens: 250_000 });

    const cost = priceUsage(usage, model);

    // 0.5M x $3 + 0.25M x $0.30 + 0.25M x $3.75
    expect(cost.usd).toBeCloseTo(1.5 + 0.075 + 0.9375, 10);
    // reads saved 0.25M x $2.70, writes cost 0.25M x $0.75 extra
    expect(cost.cacheSavedUsd).toBeCloseTo(0.675 - 0.1875, 10);
    expect(cost.known).toBe(true);
  });

  it("GIVEN configured cache prices WHEN priced THEN they win over the factors, and batch halves them too", () => {
    const usage = toTurnUsage({ inputTokens: 0, outputTokens: 0, totalTokens: 2_000_000, cacheReadInputTokens: 1_000_000, cacheWriteInputTokens: 1_000_000 });

    expect(costOfUsage(usage, { ...model, price_cache_read: 0.5, price_cache_write: 2 })).toBeCloseTo(2.5, 10);
    expect(costOfUsage(usage, { ...model, price_cache_read: 0.5, price_cache_write: 2 }, { batch: true })).toBeCloseTo(1.25, 10);
  });

  it("GIVEN the flex tier with flex prices WHEN priced THEN the flex prices apply", () => {
    const usage = toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 });

    expect(priceUsage(usage, { ...model, price_in_flex: 1.5, price_out_flex: 7.5 }, { tier: "flex" })).toEqual({ usd: 9, known: true, cacheSavedUsd: 0 });
  });

  it("GIVEN the priority tier without its prices WHEN priced THEN the cost is unknown, estimated at standard prices, never 0", () => {
    const usage = toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 });

    const cost = priceUsage(usage, { ...model, price_in_flex: 1.5, price_out_flex: 7.5 }, { tier: "priority" });

    expect(cost).toEqual({ usd: 18, known: false, unknownReason: "no priority prices configured (price_in_priority, price_out_priority)", cacheSavedUsd: 0 });
  });

  it("GIVEN a tier name Bedrock might add later WHEN priced THEN unknown, not a crash", () => {
    expect(priceUsage(toTurnUsage({ inputTokens: 10, outputTokens: 0, totalTokens: 10 }), model, { tier: "turbo" }).known).toBe(false);
  });

  it("GIVEN an unpriced model WHEN priced THEN 0", () => {
    expect(costOfUsage(toTurnUsage({ inputTokens: 10, outputTokens: 10, totalTokens: 20 }), { price_in: 0, price_out: 0 })).toEqual(0);
  });
});

describe("usage", () => {
  it("GIVEN missing SDK fields WHEN normalised and summed THEN zeros fill in", () => {
    const a = toTurnUsage({ inputTokens: 1, outputTokens: 2, totalTokens: undefined });

    expect(addUsage(a, toTurnUsage(undefined))).toEqual({ inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });
});

describe("computeBatchCost with cache counts", () => {
  it("GIVEN batch output tokens with cache reads WHEN priced THEN the reads at the cache rate, all at half price", () => {
    const cost = computeBatchCost({ inputTokens: 1_000_000, outputTokens: 0, cacheReadInputTokens: 1_000_000 }, model);

    expect(cost.onDemandUsd).toBeCloseTo(3 + 0.3, 10);
    expect(cost.batchUsd).toBeCloseTo((3 + 0.3) / 2, 10);
  });
});
