import { describe, expect, it } from "vitest";
import { parseInputJsonl } from "./parse-input-jsonl.ts";

const URI = "s3://b/in/a.jsonl";

describe("parseInputJsonl", () => {
  it("GIVEN CRLF lines and a trailing newline WHEN parsed THEN one record per line, ids kept, lines 1-based", () => {
    const text = '{"recordId":"A","modelInput":{"x":1}}\r\n{"modelInput":{"x":2}}\r\n';

    expect(parseInputJsonl(text, URI, "a.jsonl")).toEqual({
      records: [
        { file: "a.jsonl", line: 1, recordId: "A", modelInput: { x: 1 } },
        { file: "a.jsonl", line: 2, modelInput: { x: 2 } },
      ],
    });
  });

  it.each([
    ["[1,2]", "line 1 of s3://b/in/a.jsonl is not a JSON object"],
    ['{"modelInput":[]}', "line 1 of s3://b/in/a.jsonl has no modelInput object"],
    ['{"recordId":"","modelInput":{}}', "line 1 of s3://b/in/a.jsonl has a recordId that is not a non-empty string"],
    ['\uFEFF{"modelInput":{}}', "line 1 of s3://b/in/a.jsonl is not valid JSON"],
  ])("GIVEN %s WHEN parsed THEN the problem names the file and line", (line, problem) => {
    const result = parseInputJsonl(line, URI, "a.jsonl");

    expect("problem" in result && result.problem).toContain(problem);
  });
});
