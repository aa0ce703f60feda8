import { describe, expect, it } from "vitest";
import { editDistance, suggestClosestKey } from "../../src/config/suggest-closest-key.ts";

const modelKeys = ["model_identifier", "name", "api_provider", "price_in", "price_out", "temperature", "max_tokens", "kind"];

describe("suggestClosestKey", () => {
  it("GIVEN near misses WHEN suggesting THEN the intended key is found", () => {
    expect(["price_inn", "temprature", "api-provider", "Name", "max_token"].map((key) => suggestClosestKey(key, modelKeys))).toEqual([
      "price_in",
      "temperature",
      "api_provider",
      "name",
      "max_tokens",
    ]);
  });

  it("GIVEN a key unlike any known key WHEN suggesting THEN nothing is suggested", () => {
    expect(["colour", "anti_truncation", "x"].map((key) => suggestClosestKey(key, modelKeys))).toEqual([undefined, undefined, undefined]);
  });
});

describe("editDistance", () => {
  it("GIVEN a transposition WHEN measured THEN it counts as one edit", () => {
    expect([editDistance("regoin", "region"), editDistance("", "abc"), editDistance("kitten", "sitting")]).toEqual([1, 3, 3]);
  });
});
