import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  readProvenanceFile,
  writeProvenanceFile,
  type ProvenanceRecord,
} from "../../../../src/bedrock/batch/results/provenance-file.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "provenance-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const records: ProvenanceRecord[] = [
  { recordId: "R000000001", provenance: { source: "data.csv", row: 1, prompt: "default" } },
  { recordId: "R000000002", provenance: { source: "photos.zip", member: "imgs/é 1.png", prompt: "describe" } },
  { recordId: "R000000003", provenance: { source: "s3://bucket/key.txt", prompt: "default" } },
];

describe("provenance file", () => {
  it("GIVEN records and skipped inputs WHEN written THEN the files hold one JSON object per line in the documented shape", async () => {
    await writeProvenanceFile(dir, records, [{ input: "data.csv row 3", reason: "empty" }]);
    expect((await readFile(join(dir, "provenance.jsonl"), "utf8")).split("\n")).toEqual([
      '{"recordId":"R000000001","source":"data.csv","row":1,"prompt":"default"}',
      '{"recordId":"R000000002","source":"photos.zip","member":"imgs/é 1.png","prompt":"describe"}',
      '{"recordId":"R000000003","source":"s3://bucket/key.txt","prompt":"default"}',
      "",
    ]);
    expect(await readFile(join(dir, "skipped.jsonl"), "utf8")).toBe('{"input":"data.csv row 3","reason":"empty"}\n');
  });

  it("GIVEN written files WHEN read back THEN the map keeps input order and equals the provenance", async () => {
    // The planner may stream records as it builds them.
    await writeProvenanceFile(dir, Readable.from(records), []);
    const plan = await readProvenanceFile(dir);
    expect([...plan.provenance]).toEqual(records.map(({ recordId, provenance }) => [recordId, provenance]));
    expect(plan.skipped).toEqual([]);
  });

  it("GIVEN no skipped.jsonl WHEN read THEN nothing was skipped", async () => {
    await writeFile(join(dir, "provenance.jsonl"), '{"recordId":"A","source":"s","prompt":"p"}\n');
    expect(await readProvenanceFile(dir)).toEqual({ provenance: new Map([["A", { source: "s", prompt: "p" }]]), skipped: [] });
  });

  it("GIVEN broken provenance WHEN read THEN the error names the file and line", async () => {
    await expect(readProvenanceFile(dir)).rejects.toThrow("provenance.jsonl not found");
    await writeFile(join(dir, "provenance.jsonl"), '{"recordId":"A","source":"s","prompt":"p"}\n\n{"recordId":"B","source":"s","row":0,"prompt":"p"}\n');
    await expect(readProvenanceFile(dir)).rejects.toThrow(/provenance\.jsonl:3: row:/);
    await writeFile(join(dir, "provenance.jsonl"), '{"recordId":"A","source":"s","prompt":"p"}\n{"recordId":"A","source":"t","prompt":"p"}\n');
    await expect(readProvenanceFile(dir)).rejects.toThrow("provenance.jsonl:2: recordId A appears twice");
  });
});
