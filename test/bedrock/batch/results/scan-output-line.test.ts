import { describe, expect, it } from "vitest";
import { findJsonValueEnd } from "../../../../src/bedrock/batch/results/find-json-value-end.ts";
import { scanOutputLine } from "../../../../src/bedrock/batch/results/scan-output-line.ts";

/** The scanned values as text, so expectations read like the line. */
function scannedValues(line: string): Record<string, string> | undefined {
  const bytes = Buffer.from(line, "utf8");
  const spans = scanOutputLine(bytes);
  if (spans === undefined) return undefined;
  return Object.fromEntries(Object.entries(spans).map(([key, span]) => [key, bytes.toString("utf8", span.start, span.end)]));
}

describe("scanOutputLine", () => {
  it("GIVEN the usual key order WHEN scanned THEN it finds recordId and modelOutput and skips modelInput", () => {
    expect(scannedValues('{"recordId":"R1","modelInput":{"a":[1,2,{"b":"c"}]},"modelOutput":{"x":1}}')).toEqual({
      recordId: '"R1"',
      modelOutput: '{"x":1}',
    });
  });

  it("GIVEN modelOutput first and recordId last WHEN scanned THEN key order does not matter", () => {
    expect(scannedValues('{"modelOutput":{"x":[true,null]},"modelInput":{},"recordId":"R2"}')).toEqual({
      modelOutput: '{"x":[true,null]}',
      recordId: '"R2"',
    });
  });

  it("GIVEN an error line WHEN scanned THEN the error value is found", () => {
    expect(scannedValues('{"recordId":"R3","modelInput":{"m":1},"error":{"errorCode":400,"errorMessage":"bad"}}')).toEqual({
      recordId: '"R3"',
      error: '{"errorCode":400,"errorMessage":"bad"}',
    });
  });

  it("GIVEN braces, brackets and quotes inside strings of modelInput WHEN scanned THEN they do not end the value early", () => {
    const line = String.raw`{"modelInput":{"text":"} ] { [ \"modelOutput\": {\"fake\":1} \\","k":"\\\\"},"recordId":"R4","modelOutput":{"t":"a}b"}}`;
    expect(scannedValues(line)).toEqual({ recordId: '"R4"', modelOutput: '{"t":"a}b"}' });
  });

  it("GIVEN a key that only looks like ours inside modelInput WHEN scanned THEN nested keys are not taken for top-level ones", () => {
    expect(scannedValues('{"recordId":"R5","modelInput":{"recordId":"X","modelOutput":{"no":1},"error":1}}')).toEqual({ recordId: '"R5"' });
  });

  it("GIVEN unicode and escaped unicode WHEN scanned THEN spans are byte-exact", () => {
    const line = '{"recordId":"Ré-😀","modelInput":{"t":"日本語 \\u00e9 \\ud83d\\ude00"},"modelOutput":{"t":"ça 🚀"}}';
    expect(scannedValues(line)).toEqual({ recordId: '"Ré-😀"', modelOutput: '{"t":"ça 🚀"}' });
  });

  it("GIVEN a key written with escapes WHEN scanned THEN it is recognised like JSON.parse would", () => {
    expect(scannedValues('{"record\\u0049d":"R6","modelOutput":{}}')).toEqual({ recordId: '"R6"', modelOutput: "{}" });
  });

  it("GIVEN whitespace everywhere and scalars WHEN scanned THEN values are found", () => {
    expect(scannedValues(' { "recordId" : "R7" ,\t"n" : -1.5e3 , "b" : false , "modelOutput" : null } \r')).toEqual({
      recordId: '"R7"',
      modelOutput: "null",
    });
  });

  it("GIVEN a repeated key WHEN scanned THEN the last one wins as in JSON.parse", () => {
    expect(scannedValues('{"recordId":"A","recordId":"B"}')).toEqual({ recordId: '"B"' });
  });

  it("GIVEN missing fields or an empty object WHEN scanned THEN only what is there is returned", () => {
    expect(scannedValues('{"modelInput":{}}')).toEqual({});
    expect(scannedValues("{}")).toEqual({});
  });

  it.each([
    ["truncated inside modelInput", '{"recordId":"R","modelInput":{"a":"xyz'],
    ["unclosed object", '{"recordId":"R","modelInput":{"a":1}'],
    ["mismatched brackets", '{"recordId":"R","modelInput":{"a":[1}]}'],
    ["two objects on a line", '{"recordId":"R"}{"recordId":"S"}'],
    ["an array", '[{"recordId":"R"}]'],
    ["missing colon", '{"recordId" "R"}'],
    ["missing value", '{"recordId":,"x":1}'],
    ["trailing comma", '{"recordId":"R",}'],
    ["unquoted key", '{recordId:"R"}'],
    ["bad key escape", '{"rec\\qordId":"R"}'],
    ["empty line", ""],
    ["plain text", "Internal error"],
  ])("GIVEN %s WHEN scanned THEN it is unsure (undefined)", (_name, line) => {
    expect(scannedValues(line)).toBeUndefined();
  });
});

describe("findJsonValueEnd", () => {
  const endOf = (text: string): number => findJsonValueEnd(Buffer.from(text), 0);

  it("GIVEN strings with escaped quotes and backslashes WHEN measured THEN the closing quote is found", () => {
    expect(endOf(String.raw`"a\"b" tail`)).toBe(6);
    expect(endOf(String.raw`"a\\" tail`)).toBe(5);
    expect(endOf(String.raw`"a\\\"b" tail`)).toBe(8);
  });

  it("GIVEN containers and scalars WHEN measured THEN the extent ends at the matching closer or delimiter", () => {
    expect(endOf('{"a":{"b":[1,"]"]}} ,')).toBe(19);
    expect(endOf("[[],[{}]],")).toBe(9);
    expect(endOf("12.5e-3,")).toBe(7);
    expect(endOf("true}")).toBe(4);
  });

  it("GIVEN a megabyte string WHEN measured THEN the end is found", () => {
    const big = `"${"A".repeat(1 << 20)}"`;
    expect(endOf(big)).toBe(big.length);
  });
});
