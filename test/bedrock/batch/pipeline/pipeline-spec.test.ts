import { describe, expect, it } from "vitest";
import { parsePipelineFile, stagesFromThen, stageTemplateColumns } from "../../../../src/bedrock/batch/pipeline/pipeline-spec.ts";
import { pipelinePolicy } from "../../../../src/bedrock/batch/pipeline/plan-pipeline-stage.ts";
import { UserFacingError } from "../../../../src/bedrock/errors/user-facing-error.ts";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UserFacingError) return error.userMessage;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("pipeline stages", () => {
  it("GIVEN --then flags WHEN read THEN each is a stage in order", () => {
    expect(stagesFromThen(["Classify: {output}", "Summarise {stage1_output} and {output} of {source} row {row}"])).toEqual([
      { template: "Classify: {output}" },
      { template: "Summarise {stage1_output} and {output} of {source} row {row}" },
    ]);
  });

  it("GIVEN a TOML file WHEN parsed THEN stages carry their model, system and max_tokens", () => {
    const toml = `[[stages]]\ntemplate = "Classify: {output}"\nmodel = "haiku"\nsystem = "Be terse."\nmax_tokens = 20\n\n[[stages]]\ntemplate = "{output}"\nmodel = "titan-embed-v2"\n`;
    expect(parsePipelineFile("p.toml", toml)).toEqual([
      { template: "Classify: {output}", model: "haiku", system: "Be terse.", maxTokens: 20 },
      { template: "{output}", model: "titan-embed-v2" },
    ]);
  });

  it("GIVEN the same stages as JSON WHEN parsed THEN they read the same", () => {
    expect(parsePipelineFile("p.json", JSON.stringify({ stages: [{ template: "Classify: {output}", max_tokens: 5 }] }))).toEqual([{ template: "Classify: {output}", maxTokens: 5 }]);
  });

  it("GIVEN a stage 2 template naming its own stage's output WHEN checked THEN it is refused naming what it can use; other names are input columns", () => {
    expect(refusal(() => stagesFromThen(["{stage2_output}"]))).toBe("Stage 2 refers to {stage2_output}; a stage can use {output}, {record_id}, {source}, {member}, {row}, {stage1_output} and the input's own columns.");
    expect(stagesFromThen(["{title}: {output}"])).toEqual([{ template: "{title}: {output}" }]);
    expect(stageTemplateColumns(3)).toContain("stage2_output");
  });

  it("GIVEN bad files WHEN parsed THEN each is refused with what is wrong", () => {
    expect(refusal(() => parsePipelineFile("p.toml", "[[stages]\n"))).toMatch(/^The pipeline file p\.toml could not be read: /);
    expect(refusal(() => parsePipelineFile("p.toml", "[[stages]]\nprompt = \"x\"\n"))).toMatch(/^The pipeline file p\.toml is not a pipeline at stages\.0/);
    expect(refusal(() => parsePipelineFile("p.json", "{\"stages\": []}"))).toContain("a pipeline file lists at least one stage");
    expect(refusal(() => stagesFromThen(["a {output}", "b", "c", "d", "e"]))).toBe("A pipeline has at most 5 stages (the first run and 4 more), not 6.");
  });
});

describe("pipeline policy", () => {
  it("GIVEN a pipeline WHEN its policy is chosen THEN wait asked is refused, wait by default runs on demand, others stay", () => {
    const stages = [{ template: "{output}" }];
    expect(refusal(() => pipelinePolicy(stages, "wait", "on_demand"))).toBe("A pipeline cannot wait in a pool: choose the policy on_demand or batch for it.");
    expect(pipelinePolicy(stages, undefined, "wait")).toBe("on_demand");
    expect(pipelinePolicy(stages, undefined, "reject")).toBe("reject");
    expect(pipelinePolicy(stages, "on_demand", "wait")).toBe("on_demand");
    expect(pipelinePolicy([], "wait", "wait")).toBe("wait");
  });
});
