import { describe, expect, it } from "vitest";
import { extractJsonFields, findFirstJsonObject } from "../../../../src/bedrock/batch/results/extract-json-fields.ts";

describe("extractJsonFields", () => {
  it("GIVEN bare JSON WHEN extracted THEN values become cell text", () => {
    expect(extractJsonFields('{"name":"Ann","age":31,"tags":["a","b"],"ok":true,"none":null}', ["name", "age", "tags", "ok", "none"])).toEqual({
      fields: { name: "Ann", age: "31", tags: '["a","b"]', ok: "true", none: "" },
      notes: [],
    });
  });

  it("GIVEN a preamble, a json code fence and trailing prose WHEN extracted THEN the fenced object wins", () => {
    const text = 'Sure! Here is the result {not json}:\n```json\n{"sentiment": "positive", "score": 0.9}\n```\nLet me know {if} you need more.';
    expect(extractJsonFields(text, ["sentiment", "score"])).toEqual({ fields: { sentiment: "positive", score: "0.9" }, notes: [] });
  });

  it("GIVEN prose with stray braces before the object WHEN extracted THEN the first balanced object that parses wins", () => {
    const text = 'Use {curly} braces like { this. Answer: {"a": "x } y", "b": {"c": 1}} and {"a": "second"}';
    expect(extractJsonFields(text, ["a", "b"])).toEqual({ fields: { a: "x } y", b: '{"c":1}' }, notes: [] });
  });

  it("GIVEN an object missing a requested field WHEN extracted THEN the field is empty with a note", () => {
    expect(extractJsonFields('{"a":1}', ["a", "b", "c"])).toEqual({ fields: { a: "1", b: "", c: "" }, notes: ['JSON object lacks "b", "c"'] });
  });

  it("GIVEN no JSON object WHEN extracted THEN fields are empty with a note", () => {
    expect(extractJsonFields("I cannot help with that. [1, 2]", ["a"])).toEqual({ fields: { a: "" }, notes: ["no JSON object found in the output"] });
    expect(extractJsonFields('{"unterminated": "yes', "auto")).toEqual({ fields: {}, notes: ["no JSON object found in the output"] });
  });

  it("GIVEN auto WHEN extracted THEN every top-level key is a field", () => {
    expect(extractJsonFields('```\n{"x":"1","y":{"z":2}}\n```', "auto")).toEqual({ fields: { x: "1", y: '{"z":2}' }, notes: [] });
  });

  it("GIVEN unicode around and inside the object WHEN found THEN it parses", () => {
    expect(findFirstJsonObject('Résumé 😀: {"ville":"Zürich 🇨🇭"}')).toEqual({ ville: "Zürich 🇨🇭" });
  });
});
