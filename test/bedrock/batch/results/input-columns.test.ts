import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InputSource } from "../../../../src/bedrock/batch/inputs/input-item.ts";
import type { ColumnSelection } from "../../../../src/bedrock/batch/records/select-input-columns.ts";
import { collectLocalBatchResults } from "../../../../src/bedrock/batch/results/collect-batch-results.ts";
import { writeProvenanceFile } from "../../../../src/bedrock/batch/results/provenance-file.ts";
import { planBatchRun } from "../../../../src/bedrock/batch/run/plan-batch-run.ts";
import { UserFacingError } from "../../../../src/bedrock/errors/user-facing-error.ts";
import { NOVA_LITE_MODEL } from "../run/batch-run-kit.ts";

const nova = NOVA_LITE_MODEL;
const batch = { small_batch_policy: "on_demand" as const };

// `status` and `row` are also our column names: they must come back under a prefix, never mixed with ours.
const ARTICLES = "id,title,status,body\n7,Rain,draft,Long text about rain\n9,Sun,live,Long text about sun\n";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "input-columns-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const file = (filename: string, text: string): InputSource => ({ kind: "file", filename, bytes: Buffer.from(text) });

/** Plans `sources`, answers every record with "ok <n>" except the second (failed), and collects the results. */
async function runThrough(sources: InputSource[], columns?: ColumnSelection) {
  const plan = await planBatchRun({ sources, model: nova, promptSpec: { mode: "single", prompt: "Summarize" }, batch, ...(columns === undefined ? {} : { columns }) });
  const planDir = join(root, "plan");
  const fromDir = join(root, "from");
  await mkdir(planDir, { recursive: true });
  await mkdir(fromDir, { recursive: true });
  await writeProvenanceFile(planDir, plan.provenance, plan.skipped);
  const lines = plan.provenance.map(({ recordId }, index) =>
    JSON.stringify(
      index === 1
        ? { recordId, modelInput: {}, error: { errorCode: 400, errorMessage: "bad" } }
        : { recordId, modelInput: {}, modelOutput: { output: { message: { content: [{ text: `ok ${index}` }] } }, stopReason: "end_turn" } },
    ),
  );
  await writeFile(join(fromDir, "a.jsonl.out"), `${lines.join("\n")}\n`);
  const { files, results } = await collectLocalBatchResults({ fromDir, planDir, outDir: join(root, "out") });
  const csv: string[][] = parseCsv(await readFile(files.csv!, "utf8"));
  const details = (await readFile(files.jsonl!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
  return { csv, details, results };
}

describe("results keep the input's own columns", () => {
  it("GIVEN a CSV of articles WHEN its results are written THEN its columns come first, clashing names prefixed, values beside the outputs", async () => {
    const { csv, details } = await runThrough([file("articles.csv", ARTICLES)]);
    const [header, first, second] = csv;
    expect(header?.slice(0, 6)).toEqual(["id", "title", "input_status", "body", "record_id", "source"]);
    const cell = (row: string[] | undefined, name: string) => row?.[header!.indexOf(name)];
    expect([cell(first, "id"), cell(first, "title"), cell(first, "input_status"), cell(first, "output_text"), cell(first, "status")]).toEqual([
      "7",
      "Rain",
      "draft",
      "ok 0",
      "succeeded",
    ]);
    // A failed record keeps its own fields too: the user finds it by id.
    expect([cell(second, "id"), cell(second, "status"), cell(second, "error")]).toEqual(["9", "failed", "400: bad"]);
    expect(details[0]).toMatchObject({ row: 1, input: { id: "7", title: "Rain", status: "draft", body: "Long text about rain" }, status: "succeeded" });
  });

  it("GIVEN keep id,title,body and drop body WHEN planned THEN only id and title are carried", async () => {
    const { csv, results } = await runThrough([file("articles.csv", ARTICLES)], { keep: ["id", "title", "body"], drop: ["body"] });
    expect(csv[0]?.slice(0, 3)).toEqual(["id", "title", "record_id"]);
    expect(results.entries[0]?.provenance.columns).toEqual([
      ["id", "7"],
      ["title", "Rain"],
    ]);
  });

  it("GIVEN JSONL objects with numeric-looking keys and a text file WHEN collected THEN the keys keep their order and the file has none", async () => {
    const jsonl = `${JSON.stringify({ title: "A", 2024: 5, tags: ["x"] })}\n${JSON.stringify({ title: "B", extra: null })}\n`;
    const { csv, details } = await runThrough([file("rows.jsonl", jsonl), file("note.txt", "hello")]);
    // Object key order would put "2024" first; the pairs keep the line's order. `extra` is new in line 2: it follows.
    expect(csv[0]?.slice(0, 4)).toEqual(["2024", "title", "tags", "extra"]);
    expect(csv[1]?.slice(0, 4)).toEqual(["5", "A", '["x"]', ""]);
    expect(csv[2]?.slice(0, 4)).toEqual(["", "B", "", ""]);
    expect(details[2]).toMatchObject({ source: "note.txt" });
    expect(details[2].input).toBeUndefined();
    expect(csv[3]?.slice(0, 4)).toEqual(["", "", "", ""]);
  });

  it("GIVEN a kept column no row has WHEN planned THEN the run is refused naming it and the columns there are", async () => {
    const planning = planBatchRun({ sources: [file("articles.csv", ARTICLES)], model: nova, promptSpec: { mode: "single", prompt: "S" }, batch, columns: { keep: ["id", "titel"] } });
    await expect(planning).rejects.toThrow(UserFacingError);
    await expect(planning).rejects.toThrow(/"titel".*the rows have: id, title, status, body/);
  });
});
