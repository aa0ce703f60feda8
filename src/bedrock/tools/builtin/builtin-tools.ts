/** The built-in tools, enabled or disabled by `[[tools]]` toggles (see `selectEnabledTools`). */
import type { Tool } from "../tool-registry.ts";
import { createCalculatorTool } from "./calculator.ts";
import { createCurrentTimeTool } from "./current-time.ts";

export interface BuiltinToolDeps {
  /** Clock for `current_time`. */
  now: () => Date;
}

export function createBuiltinTools(deps: BuiltinToolDeps): Tool[] {
  return [createCurrentTimeTool(deps), createCalculatorTool()];
}
