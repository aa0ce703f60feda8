import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderConfigReference, replaceConfigReference } from "../../src/config/index.ts";

describe("config reference in the README", () => {
  it("GIVEN the schema WHEN rendered THEN every section and nested key appears with its default", () => {
    const reference = renderConfigReference();
    for (const heading of ["#### [[api_providers]]", "#### [[models]]", "#### [bot]", "#### [batch]", "#### [storage]", "#### [[tools]]"]) {
      expect(reference).toContain(heading);
    }
    expect(reference).toContain("| `extra_params.region` | string | `\"us-east-1\"` |");
    expect(reference).toContain("| `timeout_hours` | integer ≥ 24 ≤ 168 | `72` |");
  });

  it("GIVEN the committed README THEN its config reference matches the schema (run `npx bedrock-bot config docs --write`)", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    expect(replaceConfigReference(readme, renderConfigReference())).toBe(readme);
  });

  it("GIVEN text without markers THEN replacing fails loudly", () => {
    expect(() => replaceConfigReference("no markers", "x")).toThrow(/markers/);
  });
});
