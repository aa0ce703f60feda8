import { describe, expect, it } from "vitest";
import { formatUsd } from "../../../src/bot/render/format-usd.ts";

describe("formatUsd", () => {
  it("GIVEN budgets and answer costs WHEN formatted THEN cents from 10 cents up, two significant digits below", () => {
    expect([0, 5, 4.93, 0.1, 0.099, 0.0123, 0.00172, 0.05, 0.00001].map(formatUsd)).toEqual([
      "$0.00",
      "$5.00",
      "$4.93",
      "$0.10",
      "$0.099",
      "$0.012",
      "$0.0017",
      "$0.05",
      "<$0.0001",
    ]);
  });
});
