import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderLifecycleDoc } from "../../../../src/bedrock/batch/lifecycle/render-lifecycle-diagram.ts";
import { TRANSITIONS } from "../../../../src/bedrock/batch/lifecycle/submission-machine.ts";

describe("docs/batch-lifecycle.md", () => {
  it("is the diagram of the transition table as it is now (npm run docs:lifecycle rewrites it)", () => {
    const committed = readFileSync(new URL("../../../../docs/batch-lifecycle.md", import.meta.url), "utf8");
    expect(committed, "docs/batch-lifecycle.md is stale: run `npm run docs:lifecycle`").toBe(renderLifecycleDoc());
  });

  it("draws one arrow per row of the table", () => {
    const arrows = renderLifecycleDoc()
      .split("\n")
      .filter((line) => /^ {4}\w+ --> \w+: /.test(line));
    expect(arrows).toHaveLength(TRANSITIONS.length);
  });
});
