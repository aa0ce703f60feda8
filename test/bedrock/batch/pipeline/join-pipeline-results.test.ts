import { describe, expect, it } from "vitest";
import { chainStageInputs } from "../../../../src/bedrock/batch/pipeline/chain-stage-inputs.ts";
import { joinPipelineResults, summarizeStage } from "../../../../src/bedrock/batch/pipeline/join-pipeline-results.ts";
import type { StageResults } from "../../../../src/bedrock/batch/pipeline/stage-outcomes.ts";
import { tracePipelineRecords, type EndedStage } from "../../../../src/bedrock/batch/pipeline/trace-pipeline-records.ts";

const ok = (recordId: string, row: number, output: string) => ({ recordId, status: "succeeded" as const, source: "in.csv", row, output });
const bad = (recordId: string, row: number, error: string) => ({ recordId, status: "failed" as const, source: "in.csv", row, error });
const results = (outcomes: StageResults["outcomes"], skipped: StageResults["skipped"] = []): StageResults => ({ outcomes, skipped, tokens: { inputTokens: 0, outputTokens: 0 } });

/** Stage 1: four rows, one failed and one skipped input. */
const stage1: EndedStage = { results: results([ok("R1", 1, "one"), bad("R2", 2, "400: bad"), ok("R3", 3, "three"), ok("R4", 4, "four")], [{ input: "in.csv row 5", reason: "empty row", row: 5 }]) };

describe("pipeline chaining and join", () => {
  it("GIVEN stage 1's results WHEN stage 2 is built THEN only the successes go on, prompts filled, ids kept by row", () => {
    const { records } = tracePipelineRecords([stage1]);
    const input = chainStageInputs(records, 2, "Classify {output} (row {row} of {source}, {record_id})");
    expect(input.inputIds).toEqual(["R1", "R3", "R4"]);
    expect(input.filename).toBe("stage-2.jsonl");
    expect(input.jsonl.trim().split("\n").map((line) => JSON.parse(line) as unknown)).toEqual([
      { prompt: "Classify one (row 1 of in.csv, R1)" },
      { prompt: "Classify three (row 3 of in.csv, R3)" },
      { prompt: "Classify four (row 4 of in.csv, R4)" },
    ]);
  });

  it("GIVEN stage 2 failed one row and skipped another WHEN traced and joined THEN every original record has one row, failures carried with their stage", () => {
    // Stage 2's records are rows of its generated input: row 1 = R1, row 2 = R3, row 3 = R4 (its own ids mean nothing).
    const stage2: EndedStage = { inputIds: ["R1", "R3", "R4"], results: results([ok("R000000001", 1, "A"), bad("R000000002", 2, "400: nope")], [{ input: "stage-2.jsonl row 3", reason: "prompt too long", row: 3 }]) };
    const trace = tracePipelineRecords([stage1, stage2]);
    expect(chainStageInputs(trace.records, 3, "{stage1_output}/{output}").jsonl).toBe(`${JSON.stringify({ prompt: "one/A" })}\n`);
    const stage3: EndedStage = { inputIds: ["R1"], results: results([ok("R000000001", 1, "final")]) };
    const joined = joinPipelineResults(tracePipelineRecords([stage1, stage2, stage3]), 3);
    expect(joined.succeeded).toBe(1);
    expect(joined.rows.map((row) => [row.record_id, row.status, row.failed_stage, row.error, row.stage1_output, row.stage2_output, row.stage3_output])).toEqual([
      ["R1", "succeeded", "", "", "one", "A", "final"],
      ["R2", "failed", "1", "400: bad", "", "", ""],
      ["R3", "failed", "2", "400: nope", "three", "", ""],
      ["R4", "failed", "2", "skipped in stage 2: prompt too long", "four", "", ""],
      ["", "skipped", "1", "empty row", "", "", ""],
    ]);
    expect(joined.rows[4]?.source).toBe("in.csv row 5");
  });

  it("GIVEN a stage that did not run WHEN traced THEN its records fail in it with the reason, and its counts still add up", () => {
    const refused: EndedStage = { inputIds: ["R1", "R3", "R4"], reason: "the spend cap is reached" };
    const joined = joinPipelineResults(tracePipelineRecords([stage1, refused]), 3);
    expect(joined.rows.filter((row) => row.failed_stage === "2").map((row) => row.error)).toEqual(Array(3).fill("stage 2 did not run: the spend cap is reached"));
    expect(summarizeStage(refused)).toEqual({ inputs: 3, records: 0, skipped: 3, succeeded: 0, failed: 0, reason: "the spend cap is reached" });
  });

  it("GIVEN a pipeline stopped after stage 1 WHEN joined THEN its successes are failed at stage 2 as never reached", () => {
    const joined = joinPipelineResults(tracePipelineRecords([stage1]), 2);
    expect(joined.rows[0]).toMatchObject({ record_id: "R1", status: "failed", failed_stage: "2", error: "the pipeline stopped before this stage", stage1_output: "one" });
  });

  it("GIVEN each stage WHEN summarized THEN inputs = records + skipped and records = succeeded + failed", () => {
    expect(summarizeStage(stage1, 0.5)).toEqual({ inputs: 5, records: 4, skipped: 1, succeeded: 3, failed: 1, costUsd: 0.5 });
    const stage2: EndedStage = { inputIds: ["R1", "R3", "R4"], results: results([ok("R000000001", 1, "A"), bad("R000000002", 2, "x")], [{ input: "stage-2.jsonl row 3", reason: "r", row: 3 }]) };
    expect(summarizeStage(stage2)).toEqual({ inputs: 3, records: 2, skipped: 1, succeeded: 1, failed: 1 });
  });
});

describe("the input's own columns", () => {
  it("GIVEN stage 1 rows with their own columns WHEN chained and joined THEN templates can use them and the joined rows carry them first", () => {
    const withInput = (recordId: string, row: number, input: Record<string, string>) => ({ ...ok(recordId, row, `out ${row}`), input });
    const first: EndedStage = { results: results([withInput("R1", 1, { title: "Dune", status: "new" }), withInput("R2", 2, { title: "Emma", status: "old" })]) };
    const { records } = tracePipelineRecords([first]);
    expect(chainStageInputs(records, 2, "{title}: {output}").jsonl).toBe(`${JSON.stringify({ prompt: "Dune: out 1" })}\n${JSON.stringify({ prompt: "Emma: out 2" })}\n`);
    expect(() => chainStageInputs(records, 2, "{author}: {output}")).toThrow("Stage 2 refers to {author}, which is neither one of ours nor a column of the input.");
    const joined = joinPipelineResults(tracePipelineRecords([first]), 1);
    expect(joined.columns.slice(0, 4)).toEqual(["title", "input_status", "record_id", "source"]);
    expect(joined.rows[0]).toMatchObject({ title: "Dune", input_status: "new", status: "succeeded", stage1_output: "out 1" });
  });
});
