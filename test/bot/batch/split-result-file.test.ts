import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitResultFile } from "../../../src/bot/batch/split-result-file.ts";

const KB = 1024;

async function tempFile(name: string, text: string): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "split-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return { dir, path };
}

/** 400 result rows whose answers have line breaks, commas and quotes: ~190 KB, several read chunks. */
function resultsCsv(): string {
  const rows = Array.from({ length: 400 }, (_, index) => [
    `r${index}`,
    "data.csv",
    index + 1,
    `Line one of answer ${index}, with a comma.\nLine "two" says ""hi"".\n${"x".repeat(300 + (index % 50))}`,
    "end_turn",
  ]);
  return stringify([["record_id", "source", "row", "output_text", "stop_reason"], ...rows]);
}

/** The rows after the header. */
function dataRows(text: string): string[][] {
  const rows: string[][] = parse(text);
  return rows.slice(1);
}

describe("splitResultFile", () => {
  it("GIVEN a CSV with multi-line quoted answers WHEN split at 40 KB THEN every part fits, starts with the header and parses to whole rows, all of them in order", async () => {
    const text = resultsCsv();
    const { path } = await tempFile("results.csv", text);

    const result = await splitResultFile(path, 40 * KB);

    if (!result.split) throw new Error(result.reason);
    const [header] = text.split("\n");
    expect(result.parts.map((part) => part.name)).toEqual(Array.from({ length: result.parts.length }, (_, index) => `results.part${index + 1}.csv`));
    expect(result.parts.length).toBeGreaterThanOrEqual(Math.ceil(text.length / (40 * KB)));
    const rows: string[][] = [];
    for (const part of result.parts) {
      const partText = await readFile(part.path, "utf8");
      expect(part.size).toBe((await stat(part.path)).size);
      expect(part.size).toBeLessThanOrEqual(40 * KB);
      expect(partText.startsWith(`${header}\n`)).toBe(true);
      rows.push(...dataRows(partText));
    }
    expect(rows).toEqual(dataRows(text));
  });

  it("GIVEN a JSONL file WHEN split THEN parts break between lines only, with no header, and join back to the file", async () => {
    const lines = Array.from({ length: 1000 }, (_, index) => `${JSON.stringify({ recordId: `r${index}`, text: `answer "${index}"\n`.repeat(5) })}\n`);
    const { path } = await tempFile("results.jsonl", lines.join(""));

    const result = await splitResultFile(path, 30 * KB);

    if (!result.split) throw new Error(result.reason);
    const texts = await Promise.all(result.parts.map((part) => readFile(part.path, "utf8")));
    expect(texts.join("")).toEqual(lines.join(""));
    expect(texts.every((partText) => partText.endsWith("\n") && Buffer.byteLength(partText) <= 30 * KB)).toBe(true);
    expect(result.parts[0]?.name).toBe("results.part1.jsonl");
  });

  it("GIVEN a last line without a line break and a header-only CSV WHEN split THEN nothing is lost", async () => {
    const { path } = await tempFile("results.jsonl", '{"a":1}\n{"a":2}');
    const headerOnly = await tempFile("results.csv", "record_id,status\n");

    const jsonl = await splitResultFile(path, 10);
    const csv = await splitResultFile(headerOnly.path, 1 * KB);

    if (!jsonl.split || !csv.split) throw new Error("not split");
    expect(await Promise.all(jsonl.parts.map((part) => readFile(part.path, "utf8")))).toEqual(['{"a":1}\n', '{"a":2}']);
    expect(await Promise.all(csv.parts.map((part) => readFile(part.path, "utf8")))).toEqual(["record_id,status\n"]);
  });

  it("GIVEN a record larger than a part WHEN split THEN refused with the reason, and no part is left behind", async () => {
    const { dir, path } = await tempFile("results.csv", stringify([["id", "text"], ["a", "short"], ["b", "y".repeat(5 * KB)]]));

    expect(await splitResultFile(path, 2 * KB)).toEqual({ split: false, reason: expect.stringMatching(/^results\.csv cannot be split: one record is/) });
    expect(await readdir(dir)).toEqual(["results.csv"]);
  });

  it("GIVEN a file needing more parts than allowed WHEN split THEN refused, and no part is left behind", async () => {
    const { dir, path } = await tempFile("results.jsonl", `${"z".repeat(99)}\n`.repeat(100));

    expect(await splitResultFile(path, 1 * KB, { maxParts: 3 })).toEqual({
      split: false,
      reason: "results.jsonl cannot be split: it would take more than 3 parts of 1024 bytes",
    });
    expect(await readdir(dir)).toEqual(["results.jsonl"]);
  });

  it("GIVEN a file that is neither CSV nor JSONL WHEN split THEN an error", async () => {
    const { path } = await tempFile("vectors.npy", "x");
    await expect(splitResultFile(path, 1 * KB)).rejects.toThrow(/only .csv and .jsonl/);
  });
});
