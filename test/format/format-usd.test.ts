import { describe, expect, it } from "vitest";
import { formatUsd } from "../../src/format/format-usd.ts";

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

  it("GIVEN prices per 1M tokens WHEN formatted THEN the same rule: cents, and a cheap model's price to two significant digits", () => {
    expect([3, 0.8, 0.035, 0.14, 0.125].map(formatUsd)).toEqual(["$3.00", "$0.80", "$0.035", "$0.14", "$0.13"]);
  });
});
