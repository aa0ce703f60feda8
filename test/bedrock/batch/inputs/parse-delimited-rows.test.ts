import { describe, expect, it } from "vitest";
import { parseDelimitedRows, toColumnNames } from "../../../../src/bedrock/batch/inputs/parse-delimited-rows.ts";
import type { RowEvent } from "../../../../src/bedrock/batch/inputs/row-event.ts";

async function parseAll(text: string, delimiter: "," | "\t" = ","): Promise<RowEvent[]> {
  const events: RowEvent[] = [];
  for await (const event of parseDelimitedRows(new TextEncoder().encode(text), delimiter)) events.push(event);
  return events;
}

const row = (n: number, values: Record<string, string>): RowEvent => ({ type: "row", row: n, columns: Object.keys(values), values });

describe("parseDelimitedRows", () => {
  it("GIVEN a CSV with a BOM, CRLF line ends and a quoted field holding a newline and a comma WHEN parsed THEN each data row is one event", async () => {
    const csv = '\uFEFFid,text\r\n1,"first line\r\nsecond, line"\r\n2,plain\r\n';
    expect(await parseAll(csv)).toEqual([row(1, { id: "1", text: "first line\r\nsecond, line" }), row(2, { id: "2", text: "plain" })]);
  });

  it("GIVEN a TSV WHEN parsed with a tab delimiter THEN commas stay inside fields", async () => {
    expect(await parseAll("name\tnote\nAda\tmath, poetry\n", "\t")).toEqual([row(1, { name: "Ada", note: "math, poetry" })]);
  });

  it("GIVEN rows with too many fields, too few fields and only empty fields WHEN parsed THEN they are skipped with their row numbers and the good rows kept", async () => {
    const csv = "a,b\n1,2\n3,4,5\n6\n,\n7,8\n";
    expect(await parseAll(csv)).toEqual([
      row(1, { a: "1", b: "2" }),
      { type: "skipped", row: 2, reason: "it has 3 fields but the header has 2" },
      { type: "skipped", row: 3, reason: "it has 1 field but the header has 2" },
      { type: "skipped", row: 4, reason: "the row is empty" },
      row(5, { a: "7", b: "8" }),
    ]);
  });

  it("GIVEN blank lines between rows WHEN parsed THEN blank lines are not rows", async () => {
    expect(await parseAll("a\n1\n\n\n2\n")).toEqual([row(1, { a: "1" }), row(2, { a: "2" })]);
  });

  it("GIVEN a stray quote inside an unquoted field WHEN parsed THEN it is kept as text", async () => {
    expect(await parseAll('a,b\n1,say "hi"\n')).toEqual([row(1, { a: "1", b: 'say "hi"' })]);
  });

  it("GIVEN a quote that is never closed WHEN parsed THEN earlier rows are kept and the rest is one skipped input", async () => {
    const events = await parseAll('a,b\n1,2\n3,"oops\n4,5\n');
    expect(events.slice(0, 1)).toEqual([row(1, { a: "1", b: "2" })]);
    expect(events[1]).toMatchObject({ type: "skipped", row: 2 });
    expect(events[1]?.type === "skipped" && events[1].reason).toMatch(/^unreadable from here to the end of the file: Quote Not Closed/);
    expect(events).toHaveLength(2);
  });

  it("GIVEN an empty file or a header without rows WHEN parsed THEN the file is skipped as a whole", async () => {
    expect(await parseAll("")).toEqual([{ type: "skipped", reason: "the file has no rows" }]);
    expect(await parseAll("a,b\r\n")).toEqual([{ type: "skipped", reason: "the file has a header row but no data rows" }]);
  });

  it("GIVEN multi-byte characters across the parser's 64 KB chunks WHEN parsed THEN no character is split", async () => {
    const long = "é".repeat(40_000);
    expect(await parseAll(`t\n${long}\n${long}\n`)).toEqual([row(1, { t: long }), row(2, { t: long })]);
  });

  it("GIVEN 50,000 rows WHEN parsed THEN every row arrives, numbered in order", async () => {
    const lines = ["id,text", ...Array.from({ length: 50_000 }, (_, i) => `${i + 1},"hello, ${i + 1}"`)];
    let expected = 1;
    for await (const event of parseDelimitedRows(new TextEncoder().encode(lines.join("\n")), ",")) {
      expect(event.type === "row" && event.row === expected && event.values.id === String(expected)).toBe(true);
      expected++;
    }
    expect(expected - 1).toBe(50_000);
  });
});

describe("toColumnNames", () => {
  it("GIVEN empty and repeated header cells WHEN named THEN every column gets a unique usable name", () => {
    expect(toColumnNames([" name ", "", "name", "name"])).toEqual(["name", "column2", "name_2", "name_3"]);
  });
});
