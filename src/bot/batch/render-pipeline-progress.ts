/**
 * The lines a pipeline puts on top of its status message: one per stage, what it did or that it is running or still to
 * come, so the member sees where the pipeline is while the current stage's job progress follows below. Pure.
 *
 *     🔗 Pipeline · stage 2 of 3
 *     ✅ Stage 1 · nova-lite: 297 of 300 succeeded, 3 failed · $0.01
 *     ⏳ Stage 2 · nova-lite: 297 records
 *     ▫️ Stage 3 · titan-embed-v2
 */
import type { Pipeline, StageSummary } from "../../bedrock/batch/pipeline/pipeline.ts";
import { stageCount } from "../../bedrock/batch/pipeline/pipeline.ts";
import { formatUsd } from "../../format/format-usd.ts";

export function renderPipelineProgress(pipeline: Pick<Pipeline, "stages" | "runs">, firstModel: string): string {
  const total = stageCount(pipeline);
  const lines = [`🔗 Pipeline · stage ${Math.max(1, pipeline.runs.length)} of ${total}`];
  for (let stage = 1; stage <= total; stage++) {
    const run = pipeline.runs[stage - 1];
    const model = run?.model ?? (stage === 1 ? firstModel : (pipeline.stages[stage - 2]?.model ?? firstModel));
    if (run === undefined) lines.push(`▫️ Stage ${stage} · ${model}`);
    else if (run.summary === undefined) lines.push(`⏳ Stage ${stage} · ${model}${run.inputIds === undefined ? "" : `: ${count(run.inputIds.length)} records`}`);
    else lines.push(`${run.summary.failed > 0 || run.summary.reason !== undefined ? "⚠️" : "✅"} Stage ${stage} · ${model}: ${describeStage(run.summary)}`);
  }
  return lines.join("\n");
}

/** `297 of 300 succeeded, 3 failed, 1 skipped · $0.01`, or why the stage did not run. */
export function describeStage(summary: StageSummary): string {
  if (summary.reason !== undefined) return `did not run (${summary.reason}); ${count(summary.inputs)} records carried as failed`;
  const failed = summary.failed > 0 ? `, ${count(summary.failed)} failed` : "";
  const skipped = summary.skipped > 0 ? `, ${count(summary.skipped)} skipped` : "";
  const cost = summary.costUsd === undefined ? "" : ` · ${formatUsd(summary.costUsd)}`;
  return `${count(summary.succeeded)} of ${count(summary.records)} succeeded${failed}${skipped}${cost}`;
}

const count = (n: number): string => n.toLocaleString("en-US");
