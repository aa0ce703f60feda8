import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planBatchRun } from "../../../../src/bedrock/batch/run/plan-batch-run.ts";
import { writePlanDir } from "../../../../src/bedrock/batch/run/write-plan-dir.ts";
import { summarizePlan } from "../../../../src/bedrock/batch/run/plan-summary.ts";
import { inputFileName } from "../../../../src/bedrock/batch/jobs/batch-layout.ts";
import { readProvenanceFile } from "../../../../src/bedrock/batch/results/provenance-file.ts";
import { MP4_HEADER } from "../fixtures/sample-files.ts";
import { NOVA_LITE_MODEL, questionsCsv } from "./batch-run-kit.ts";

const nova = NOVA_LITE_MODEL;
const batch = { small_batch_policy: "on_demand" as const };
const csv = (rows: number) => [{ kind: "file" as const, filename: "questions.csv", bytes: questionsCsv(rows) }];

describe("planBatchRun", () => {
  it("GIVEN 250 rows THEN one job of 250 records, ids and provenance per row, cost at half price", async () => {
    const plan = await planBatchRun({ sources: csv(250), model: nova, promptSpec: { mode: "template", template: "Q: {question}" }, batch });
    expect(plan.decision.action).toBe("batch");
    expect(plan.counts).toEqual({ inputs: 250, records: 250, skipped: 0 });
    expect(plan.jobs).toHaveLength(1);
    expect(plan.jobs[0]).toMatchObject({ index: 1, start: 0, end: 250, files: [{ index: 1, start: 0, end: 250 }] });
    expect(plan.provenance[41]).toEqual({
      recordId: "R000000042",
      provenance: { source: "questions.csv", row: 42, prompt: "default", columns: [["id", "42"], ["question", "What is 42 squared?"]] },
    });
    expect(plan.estimate.outputTokens).toBe(250 * 100);
    expect(plan.estimate.chosenUsd).toBeCloseTo(plan.estimate.onDemandUsd / 2, 12);
  });

  it("GIVEN a model whose max records per job is 100 and 250 rows THEN three even jobs, never one under the minimum", async () => {
    const small = { ...nova, batch: { min_records: 50, max_records: 100 } };
    const plan = await planBatchRun({ sources: csv(250), model: small, promptSpec: { mode: "single", prompt: "Answer" }, batch });
    expect(plan.jobs.map((job) => job.end - job.start)).toEqual([84, 83, 83]);
    expect(plan.jobs.map((job) => job.index)).toEqual([1, 2, 3]);
  });

  it("GIVEN 40 rows and each policy THEN the decision follows the policy, and the run option wins over the config", async () => {
    const spec = { mode: "single" as const, prompt: "Answer" };
    expect((await planBatchRun({ sources: csv(40), model: nova, promptSpec: spec, batch })).decision.action).toBe("on_demand");
    expect((await planBatchRun({ sources: csv(40), model: nova, promptSpec: spec, batch, policy: "wait" })).decision).toMatchObject({ held: { records: 40, needed: 60 } });
    expect((await planBatchRun({ sources: csv(40), model: nova, promptSpec: spec, batch: { small_batch_policy: "reject" } })).decision.action).toBe("reject");
    expect((await planBatchRun({ sources: csv(40), model: nova, promptSpec: spec, batch })).jobs).toEqual([]);
  });

  it("GIVEN a plan WHEN replayed THEN the same records come back in the same order with the same ids", async () => {
    const plan = await planBatchRun({ sources: csv(5), model: nova, promptSpec: { mode: "single", prompt: "Answer" }, batch });
    const ids: string[] = [];
    for await (const record of plan.replay()) ids.push(record.recordId);
    expect(ids).toEqual(plan.provenance.map((record) => record.recordId));
  });

  it("GIVEN the inputs change after planning WHEN replayed THEN a sentence says to plan again", async () => {
    const source = { kind: "file" as const, filename: "questions.csv", bytes: questionsCsv(5) };
    const plan = await planBatchRun({ sources: [source], model: nova, promptSpec: { mode: "single", prompt: "Answer" }, batch });
    source.bytes = questionsCsv(4);
    await expect(async () => {
      for await (const _record of plan.replay());
    }).rejects.toThrow(/inputs changed after they were planned/);
  });

  it("GIVEN a video for Nova and two expanded prompts WHEN written to a plan dir THEN the video is copied once into the job's input folder", async () => {
    const model = { ...nova, batch: { min_records: 2 } };
    const plan = await planBatchRun({
      sources: [{ kind: "file", filename: "clip.mp4", bytes: MP4_HEADER }],
      model,
      promptSpec: { mode: "expanded", prompts: [{ name: "describe", template: "Describe {filename}" }, { name: "count", template: "Count people" }] },
      batch,
    });
    expect(plan.decision.action).toBe("batch");
    const dir = await mkdtemp(join(tmpdir(), "plan-dir-"));
    const written = await writePlanDir(plan, dir);

    expect(written).toEqual([join(dir, "job-1", "input", "records-1.jsonl")]);
    expect(await readdir(join(dir, "job-1", "input", "media"))).toEqual(["000001-clip.mp4"]);
    const lines = (await readFile(written[0]!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => line.recordId)).toEqual(["R000000001", "R000000002"]);
    expect(JSON.stringify(lines[0].modelInput)).toContain('"s3Location":{"uri":"s3://<input-folder>/media/000001-clip.mp4"}');
    const provenance = await readProvenanceFile(dir);
    expect([...provenance.provenance.values()].map((origin) => origin.prompt)).toEqual(["describe", "count"]);
    expect(JSON.parse(await readFile(join(dir, "plan.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(summarizePlan(plan, inputFileName))));
  });

  it("GIVEN an on-demand plan WHEN written THEN the records go to one records.jsonl", async () => {
    const plan = await planBatchRun({ sources: csv(3), model: nova, promptSpec: { mode: "single", prompt: "Answer" }, batch });
    const dir = await mkdtemp(join(tmpdir(), "plan-dir-"));
    expect(await writePlanDir(plan, dir)).toEqual([join(dir, "records.jsonl")]);
    expect((await readFile(join(dir, "records.jsonl"), "utf8")).trim().split("\n")).toHaveLength(3);
  });
});
