import { describe, expect, it } from "vitest";
import { calculate } from "../../../../src/bedrock/tools/builtin/calculator.ts";

describe("calculate", () => {
  it.each([
    ["(17 + 4) * 3", "63"],
    ["sqrt(16) + 2^10", "1028"],
    ["5!", "120"],
    ["det([1, 2; 3, 4])", "-2"],
    ["1 / 3", "0.33333333333333"],
    ["10 cm to inch", "3.9370078740157 inch"],
    ["sin(pi / 2)", "1"],
  ])("GIVEN %s WHEN calculated THEN %s", async (expression, expected) => {
    expect(await calculate(expression)).toEqual(expected);
  });

  it.each([
    ['import({"evil": 1}, {override: true})', /import is disabled/],
    ['evaluate("1")', /evaluate is disabled/],
    ['parse("1 + 1")', /parse is disabled/],
    ['simplify("x + x")', /simplify is disabled/],
    ['derivative("x^2", "x")', /derivative is disabled/],
    ['createUnit("foo")', /createUnit is disabled/],
    ['compile("1")', /compile is disabled/],
    ['config({number: "BigNumber"})', /config is disabled/],
    ["[].constructor", /No access to property "constructor"/],
    ["f(x) = x; f.constructor", /No access to property "constructor"/],
    ['cos.constructor("return process")()', /./],
    ['"".constructor.constructor("return process")()', /./],
    ["a = {}; a.__proto__", /No access to property "__proto__"/],
    ["zeros(100000, 100000)", /zeros is disabled/],
    ["1:1e9", /range is disabled/],
  ])("GIVEN the unsafe expression %s WHEN calculated THEN it is rejected", async (expression, message) => {
    await expect(calculate(expression)).rejects.toThrow(message);
  });

  it("GIVEN a variable defined in one call WHEN the next call reads it THEN it is undefined (fresh scope)", async () => {
    await calculate("secret = 41");

    await expect(calculate("secret + 1")).rejects.toThrow(/Undefined symbol secret/);
  });

  it("GIVEN an expression longer than 1000 characters WHEN calculated THEN it is rejected before parsing", async () => {
    await expect(calculate("1+".repeat(600) + "1")).rejects.toThrow("longer than 1000 characters");
  });
});
