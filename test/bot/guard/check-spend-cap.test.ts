import { describe, expect, it } from "vitest";
import { checkSpendCap, spendDay } from "../../../src/bot/guard/check-spend-cap.ts";

const at2050 = Date.UTC(2025, 0, 31, 20, 48, 30); // 3 h 11.5 min before midnight UTC

describe("checkSpendCap", () => {
  it("GIVEN no cap or spend under it WHEN checked THEN allowed", () => {
    expect([
      checkSpendCap({ spentTodayUsd: 1000, capUsd: undefined, now: at2050 }),
      checkSpendCap({ spentTodayUsd: 4.93, capUsd: 5, now: at2050 }),
    ]).toEqual([{ allowed: true }, { allowed: true }]);
  });

  it("GIVEN the cap reached WHEN checked THEN refused with the figures and when it resets", () => {
    expect(checkSpendCap({ spentTodayUsd: 5.0012, capUsd: 5, now: at2050 })).toEqual({
      allowed: false,
      reason: "This server has used $5.00 of its $5.00 daily budget. It resets at midnight UTC, in 3 h 12 min.",
    });
  });

  it("GIVEN a request whose estimate would pass the cap WHEN checked THEN refused, saying so", () => {
    expect(checkSpendCap({ spentTodayUsd: 4.93, capUsd: 5, estimatedCostUsd: 0.25, now: Date.UTC(2025, 0, 31, 23, 30) })).toEqual({
      allowed: false,
      reason: "This server has used $4.93 of its $5.00 daily budget; this request (about $0.25) would go over it. It resets at midnight UTC, in 30 min.",
    });
  });
});

describe("spendDay", () => {
  it("GIVEN times around midnight UTC WHEN asked THEN the UTC date", () => {
    expect([spendDay(Date.UTC(2025, 0, 31, 23, 59, 59)), spendDay(Date.UTC(2025, 1, 1, 0, 0, 0))]).toEqual(["2025-01-31", "2025-02-01"]);
  });
});
