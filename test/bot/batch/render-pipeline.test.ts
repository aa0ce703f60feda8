import { describe, expect, it } from "vitest";
import type { Pipeline } from "../../../src/bedrock/batch/pipeline/pipeline.ts";
import { renderPipelineNotice } from "../../../src/bot/batch/render-pipeline-notice.ts";
import { renderPipelineProgress } from "../../../src/bot/batch/render-pipeline-progress.ts";

const stages: Pipeline["stages"] = [{ template: "Classify: {output}" }, { template: "{output}", model: "titan-embed-v2" }];

describe("pipeline status lines and notice", () => {
  it("GIVEN stage 1 done and stage 2 running WHEN rendered THEN one line per stage: done with counts, running, still to come", () => {
    const runs: Pipeline["runs"] = [
      { submissionId: "p", model: "nova-lite", summary: { inputs: 301, records: 300, skipped: 1, succeeded: 297, failed: 3, costUsd: 0.0123 } },
      { submissionId: "p-s2", model: "nova-lite", inputIds: Array.from({ length: 297 }, (_, index) => `R${index}`) },
    ];
    expect(renderPipelineProgress({ stages, runs }, "nova-lite").split("\n")).toEqual([
      "🔗 Pipeline · stage 2 of 3",
      "⚠️ Stage 1 · nova-lite: 297 of 300 succeeded, 3 failed, 1 skipped · $0.012",
      "⏳ Stage 2 · nova-lite: 297 records",
      "▫️ Stage 3 · titan-embed-v2",
    ]);
  });

  it("GIVEN a stage that did not run WHEN rendered THEN it says why and how many records it carried as failed", () => {
    const runs: Pipeline["runs"] = [
      { submissionId: "p", model: "nova-lite", summary: { inputs: 2, records: 2, skipped: 0, succeeded: 2, failed: 0 } },
      { submissionId: "p-s2", model: "nova-lite", summary: { inputs: 2, records: 0, skipped: 2, succeeded: 0, failed: 0, reason: "the model is gone" } },
    ];
    expect(renderPipelineProgress({ stages: stages.slice(0, 1), runs }, "nova-lite")).toContain("⚠️ Stage 2 · nova-lite: did not run (the model is gone); 2 records carried as failed");
  });

  it("GIVEN a finished pipeline WHEN its notice is rendered THEN it pings the owner, replies to the status message, has a field per stage and the total cost, and carries the marker", () => {
    const [message, ...more] = renderPipelineNotice({
      noticeId: "pipeline.20261202-060000-abc123",
      ownerId: "42",
      replyTo: "99",
      stageCount: 2,
      stages: [
        { model: "nova-lite", summary: { inputs: 10, records: 10, skipped: 0, succeeded: 9, failed: 1, costUsd: 0.5 } },
        { model: "haiku", summary: { inputs: 9, records: 9, skipped: 0, succeeded: 9, failed: 0, costUsd: 0.25 } },
      ],
      records: 10,
      succeeded: 9,
      files: [{ attachment: "/tmp/results.csv", name: "results.csv" }],
    });
    expect(more).toEqual([]);
    expect(message?.content).toBe("<@42> your batch pipeline is done: 9 of 10 records made it through all 2 stages.");
    expect(message?.reply).toEqual({ messageReference: "99", failIfNotExists: false });
    expect(message?.allowedMentions).toEqual({ users: ["42"] });
    const embed = message?.embeds[0];
    expect(embed?.title).toBe("⚠️ Pipeline completed with failed records");
    expect(embed?.fields.slice(0, 3)).toEqual([
      { name: "Stage 1 · nova-lite", value: "9 of 10 succeeded, 1 failed · $0.50" },
      { name: "Stage 2 · haiku", value: "9 of 9 succeeded · $0.25" },
      { name: "Cost", value: "$0.75" },
    ]);
    expect(embed?.footer.text).toBe("job pipeline.20261202-060000-abc123");
    expect(message?.files).toEqual([{ attachment: "/tmp/results.csv", name: "results.csv" }]);
  });

  it("GIVEN a pipeline that ran out of records after stage 1 WHEN its notice is rendered THEN it says it stopped there", () => {
    const [message] = renderPipelineNotice({ noticeId: "pipeline.x", ownerId: "1", stageCount: 3, stages: [{ model: "nova-lite", summary: { inputs: 2, records: 2, skipped: 0, succeeded: 0, failed: 2 } }], records: 2, succeeded: 0, files: [] });
    expect(message?.content).toBe("<@1> your batch pipeline stopped after stage 1 of 3: no record was left to hand on. 0 of 2 records made it through.");
  });
});
