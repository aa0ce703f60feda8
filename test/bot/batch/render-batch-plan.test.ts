import { describe, expect, it } from "vitest";
import type { BatchPlan } from "../../../src/bedrock/batch/run/plan-batch-run.ts";
import { renderBatchPlan } from "../../../src/bot/batch/render-batch-plan.ts";

/** The fields the reply reads; the rest of a plan does not matter here. */
function planWith(outputSchema?: BatchPlan["outputSchema"]): BatchPlan {
  return {
    model: { name: "nova-lite" },
    counts: { inputs: 3, records: 3, skipped: 0 },
    jobs: [],
    skipped: [],
    decision: { action: "on_demand", reason: "3 records, under the minimum of 100." },
    estimate: { batchUsd: 0.001, onDemandUsd: 0.002, outputBasis: "estimate" },
    ...(outputSchema === undefined ? {} : { outputSchema }),
  } as unknown as BatchPlan;
}

describe("renderBatchPlan with a schema", () => {
  it("GIVEN a prompt-mode schema WHEN rendered THEN one line names it, how it is sent and its columns", () => {
    const text = renderBatchPlan(planWith({ name: "person", json: "{}", properties: ["name", "age"], native: false }), { confirm: true });
    expect(text.split("\n")).toContain("Schema **person**, in the system prompt (this model has no structured output): columns name, age; answers that do not validate are marked.");
  });

  it("GIVEN a native schema WHEN rendered THEN it says structured output; without a schema THEN no such line", () => {
    expect(renderBatchPlan(planWith({ name: "p", json: "{}", properties: ["a"], native: true }), { confirm: false })).toContain("as Converse structured output");
    expect(renderBatchPlan(planWith(), { confirm: false })).not.toContain("Schema");
  });
});
