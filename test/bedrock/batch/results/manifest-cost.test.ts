import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { computeBatchCost } from "../../../../src/bedrock/batch/results/compute-batch-cost.ts";
import { parseManifest } from "../../../../src/bedrock/batch/results/parse-manifest.ts";
import { FIXTURES_DIR } from "./fixture-lines.ts";

describe("parseManifest", () => {
  it("GIVEN the fixture manifest WHEN parsed THEN every count is read", () => {
    expect(parseManifest(readFileSync(new URL("manifest.json.out", FIXTURES_DIR), "utf8"))).toEqual({
      manifest: { totalRecordCount: 3, processedRecordCount: 3, successRecordCount: 2, errorRecordCount: 1, inputTokenCount: 32, outputTokenCount: 14 },
    });
  });

  it("GIVEN broken manifests WHEN parsed THEN a problem is described, nothing thrown", () => {
    expect(parseManifest("{oops")).toMatchObject({ problem: expect.stringContaining("not JSON") });
    expect(parseManifest('{"totalRecordCount":"3"}')).toMatchObject({ problem: expect.stringContaining("totalRecordCount") });
  });
});

describe("computeBatchCost", () => {
  it("GIVEN tokens and on-demand prices per million WHEN costed THEN batch is half and the saving is the other half", () => {
    expect(computeBatchCost({ inputTokens: 2_000_000, outputTokens: 500_000 }, { price_in: 3, price_out: 15 })).toEqual({
      batchUsd: 6.75,
      onDemandUsd: 13.5,
      savingUsd: 6.75,
    });
  });

  it("GIVEN the fixture manifest tokens WHEN costed THEN small numbers stay exact enough", () => {
    const cost = computeBatchCost({ inputTokens: 32, outputTokens: 14 }, { price_in: 0.8, price_out: 4 });
    expect(cost.onDemandUsd).toBeCloseTo(0.0000816, 12);
    expect(cost.batchUsd).toBeCloseTo(0.0000408, 12);
  });
});
