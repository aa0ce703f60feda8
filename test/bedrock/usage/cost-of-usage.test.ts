import { describe, expect, it } from "vitest";
import { costOfUsage } from "../../../src/bedrock/usage/cost-of-usage.ts";
import { addUsage, toTurnUsage } from "../../../src/bedrock/usage/turn-usage.ts";

const model = { price_in: 3, price_out: 15 };

describe("costOfUsage", () => {
  it("GIVEN a million tokens each way WHEN priced THEN price_in + price_out", () => {
    expect(costOfUsage(toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 }), model)).toEqual(18);
  });

  it("GIVEN batch WHEN priced THEN half", () => {
    expect(costOfUsage(toTurnUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 }), model, { batch: true })).toEqual(9);
  });

  it("GIVEN cache reads and writes WHEN priced THEN they count as input tokens (upper bound)", () => {
    const usage = toTurnUsage({ inputTokens: 500_000, outputTokens: 0, totalTokens: 500_000, cacheReadInputTokens: 250_000, cacheWriteInputTokens: 250_000 });

    expect(costOfUsage(usage, model)).toEqual(3);
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
