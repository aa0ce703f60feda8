import { describe, expect, it } from "vitest";
import { chunkBatchRecords } from "../../../../src/bedrock/batch/plan/chunk-batch-records.ts";
import { decideRunAction } from "../../../../src/bedrock/batch/run/decide-run-action.ts";
import { estimateRunCost } from "../../../../src/bedrock/batch/run/estimate-run-cost.ts";

const sizes = (count: number) => Array.from({ length: count }, () => 200);
const decide = (records: number, policy: "on_demand" | "wait" | "reject") =>
  decideRunAction({ records, minRecords: 100, modelName: "nova-lite", policy, chunks: chunkBatchRecords(sizes(records)) });

describe("decideRunAction: the small-batch policy", () => {
  it("GIVEN at least the minimum THEN batch, whatever the policy", () => {
    for (const policy of ["on_demand", "wait", "reject"] as const) {
      expect(decide(100, policy)).toEqual({ action: "batch", reason: "100 records in 1 batch job, at the batch price (half of on-demand)." });
    }
  });

  it("GIVEN 40 records under a minimum of 100 THEN each policy says what happens, with the numbers", () => {
    expect(decide(40, "on_demand")).toEqual({
      action: "on_demand",
      reason: "40 records, fewer than the batch minimum of 100 for nova-lite: they run on demand, at the full price.",
    });
    expect(decide(40, "wait")).toEqual({
      action: "wait",
      reason: "held: 40 records, need 60 more for a batch job (minimum 100).",
      held: { records: 40, minRecords: 100, needed: 60 },
    });
    expect(decide(40, "reject")).toEqual({
      action: "reject",
      reason: "40 records, fewer than the batch minimum of 100 for nova-lite: add at least 60 more, or use the on_demand policy.",
    });
  });

  it("GIVEN no records THEN reject, pointing at the skipped inputs", () => {
    expect(decide(0, "on_demand")).toMatchObject({ action: "reject", reason: expect.stringContaining("skipped") });
  });

  it("GIVEN a record larger than an input file may be THEN reject with the quota's numbers", () => {
    const decision = decideRunAction({
      records: 100,
      minRecords: 100,
      modelName: "nova-lite",
      policy: "on_demand",
      chunks: chunkBatchRecords(sizes(100), { minRecordsPerJob: 100, maxRecordsPerJob: 50_000, maxRecordsPerFile: 50_000, maxFileBytes: 100, maxJobBytes: 5_000 }),
    });
    expect(decision).toMatchObject({ action: "reject", reason: expect.stringContaining("a record is 200 bytes") });
  });
});

describe("estimateRunCost", () => {
  const model = { price_in: 1, price_out: 4, kind: "chat" as const };

  it("GIVEN 1000 records of ~500 input tokens and max_tokens 200 THEN batch costs half of on demand and the choice follows the action", () => {
    const batch = estimateRunCost({ records: 1000, inputTokens: 500_000, maxTokens: 200, model, action: "batch" });
    // 0.5 M in x $1 + 0.2 M out x $4 = $1.30 on demand; $0.65 at the batch price.
    expect(batch).toEqual({ inputTokens: 500_000, outputTokens: 200_000, outputBasis: "max_tokens", batchUsd: 0.65, onDemandUsd: 1.3, chosenUsd: 0.65 });
    expect(estimateRunCost({ records: 1000, inputTokens: 500_000, maxTokens: 200, model, action: "on_demand" }).chosenUsd).toBe(1.3);
    expect(estimateRunCost({ records: 1000, inputTokens: 500_000, maxTokens: 200, model, action: "wait" }).chosenUsd).toBe(0.65);
    expect(estimateRunCost({ records: 1000, inputTokens: 500_000, maxTokens: 200, model, action: "reject" }).chosenUsd).toBe(0);
  });

  it("GIVEN no max_tokens THEN an assumed answer length, said so; GIVEN an embedding model THEN no output tokens", () => {
    expect(estimateRunCost({ records: 10, inputTokens: 100, maxTokens: undefined, model, action: "batch" })).toMatchObject({ outputTokens: 10_000, outputBasis: "assumed" });
    expect(estimateRunCost({ records: 10, inputTokens: 100, maxTokens: 300, model: { ...model, kind: "embedding" }, action: "batch" })).toMatchObject({
      outputTokens: 0,
      outputBasis: "none",
    });
  });
});
