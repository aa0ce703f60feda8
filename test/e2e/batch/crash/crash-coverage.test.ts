import { describe, expect, it } from "vitest";
import { rowKey, TRANSITIONS } from "../../../../src/bedrock/batch/lifecycle/submission-machine.ts";
import { RECIPE_OF_ROW } from "./crash-recipes.ts";
import { killScenarios } from "./kill-points.ts";

describe("the crash suite covers the transition table", () => {
  it("has a recipe for every row (a new row without one fails here)", () => {
    const missing = TRANSITIONS.map(rowKey).filter((key) => RECIPE_OF_ROW[key] === undefined);
    expect(missing, "rows of TRANSITIONS with no recipe in crash-recipes.ts").toEqual([]);
  });

  it("names no row the table does not have", () => {
    const rows = new Set(TRANSITIONS.map(rowKey));
    expect(Object.keys(RECIPE_OF_ROW).filter((key) => !rows.has(key))).toEqual([]);
  });

  it("kills before and after every transition and every effect", () => {
    const scenarios = killScenarios();
    const effects = TRANSITIONS.reduce((sum, row) => sum + new Set(row.effects).size, 0);
    expect(scenarios).toHaveLength(2 * (TRANSITIONS.length + effects));
    expect(new Set(scenarios.map((each) => each.killAt)).size).toBe(scenarios.length);
  });
});
