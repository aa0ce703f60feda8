import { describe, expect, it } from "vitest";
import { parseJsonArray, parseJsonLines } from "../../../../src/bedrock/batch/inputs/parse-json-rows.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseJsonLines", () => {
  it("GIVEN JSONL with a bad line, a non-object and a blank line WHEN parsed THEN rows are numbered by line and bad lines skipped", () => {
    const jsonl = '\uFEFF{"q": "one", "n": 1}\r\n{not json}\n\n["array"]\n{"q": null, "tags": ["a"]}\n';
    const events = [...parseJsonLines(bytes(jsonl))];
    expect(events.map((event) => (event.type === "skipped" ? { ...event, reason: event.reason.split(":")[0] } : event))).toEqual([
      { type: "row", row: 1, columns: ["q", "n"], values: { q: "one", n: "1" } },
      { type: "skipped", row: 2, reason: "not valid JSON" },
      { type: "skipped", row: 4, reason: "expected a JSON object, found an array" },
      { type: "row", row: 5, columns: ["q", "tags"], values: { q: "", tags: '["a"]' } },
    ]);
  });

  it("GIVEN a JSONL file of blank lines WHEN parsed THEN the file is skipped", () => {
    expect([...parseJsonLines(bytes("\n \n"))]).toEqual([{ type: "skipped", reason: "the file has no lines" }]);
  });
});

describe("parseJsonArray", () => {
  it("GIVEN an array of objects with one string element WHEN parsed THEN objects are rows and the string is skipped", () => {
    expect([...parseJsonArray(bytes('[{"q": "a"}, "b", {"q": "c"}]'))]).toEqual([
      { type: "row", row: 1, columns: ["q"], values: { q: "a" } },
      { type: "skipped", row: 2, reason: "expected a JSON object, found a string" },
      { type: "row", row: 3, columns: ["q"], values: { q: "c" } },
    ]);
  });

  it("GIVEN a JSON object instead of an array WHEN parsed THEN the file is skipped with why", () => {
    expect([...parseJsonArray(bytes('{"q": "a"}'))]).toEqual([
      { type: "skipped", reason: "a .json file must hold an array of objects (one record each), found an object" },
    ]);
  });
});
