/**
 * The crash suite's scenarios, generated from the transition table: for every row, a kill right before and right
 * after storing the transition, and right before and right after each effect it asks for.
 */
import { rowKey, TRANSITIONS } from "../../../../src/bedrock/batch/lifecycle/submission-machine.ts";
import { RECIPE_OF_ROW, type RecipeName } from "./crash-recipes.ts";

export interface KillScenario {
  /** `BDB_KILL_AT` */
  killAt: string;
  row: string;
  recipe: RecipeName | undefined;
}

export function killScenarios(): KillScenario[] {
  return TRANSITIONS.flatMap((row) => {
    const key = rowKey(row);
    const points = [key, ...[...new Set(row.effects)].map((effect) => `${key}/${effect}`)];
    return points.flatMap((point) => (["before", "after"] as const).map((moment) => ({ killAt: `${point}:${moment}`, row: key, recipe: RECIPE_OF_ROW[key] })));
  });
}
