import { describe, expect, it } from "vitest";
import { fillTemplate, parseTemplate, templateColumns } from "../../../../src/bedrock/batch/records/prompt-template.ts";

describe("prompt templates", () => {
  it("GIVEN placeholders, doubled braces and a stray brace WHEN parsed THEN columns and literal text are told apart", () => {
    expect(parseTemplate('Translate {text} to { lang }. Reply as {{"t": "..."}} {')).toEqual([
      { text: "Translate " },
      { column: "text" },
      { text: " to " },
      { column: "lang" },
      { text: '. Reply as {"t": "..."} {' },
    ]);
  });

  it("GIVEN a template using a column twice WHEN its columns are listed THEN each appears once", () => {
    expect(templateColumns(parseTemplate("{a} {b} {a}"))).toEqual(["a", "b"]);
  });

  it("GIVEN row values WHEN filled THEN placeholders are replaced verbatim", () => {
    expect(fillTemplate(parseTemplate("Q: {q}\nA ({n}):"), { q: "why {not}?", n: "2" })).toBe("Q: why {not}?\nA (2):");
  });
});
