/**
 * `batch submit --then "<template>" ... --wait` (or `--pipeline stages.toml`): the stages after the first, each
 * planned from the records that succeeded in every stage before it (`planPipelineStage`, as the bot does), submitted
 * under the run id `<run>-s<n>` (the same id again, after an interruption, finds the jobs it created instead of
 * creating more), waited for, and collected into `<out>/stage-<n>/`. The joined results (one row per original record,
 * every stage's output) go to `<out>/results.csv` and `results.jsonl`.
 */
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { joinPipelineResults, summarizeStage, summarizeStageAt } from "../bedrock/batch/pipeline/join-pipeline-results.ts";
import type { StageSummary } from "../bedrock/batch/pipeline/pipeline.ts";
import { stageSubmissionId } from "../bedrock/batch/pipeline/pipeline.ts";
import { MAX_PIPELINE_STAGES, parsePipelineFile, stagesFromThen, type PipelineStageSpec } from "../bedrock/batch/pipeline/pipeline-spec.ts";
import { checkStageModels, planPipelineStage } from "../bedrock/batch/pipeline/plan-pipeline-stage.ts";
import { readStageResults } from "../bedrock/batch/pipeline/stage-outcomes.ts";
import { tracePipelineRecords, type EndedStage } from "../bedrock/batch/pipeline/trace-pipeline-records.ts";
import { writePipelineResults, type PipelineResultFiles } from "../bedrock/batch/pipeline/write-pipeline-results.ts";
import { chainStageInputs } from "../bedrock/batch/pipeline/chain-stage-inputs.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { findModel, type LoadedConfig } from "../config/index.ts";
import type { ModelConfig } from "../config/schema.ts";
import type { BatchAwsContext } from "./batch-cli-context.ts";
import { submitCliRun } from "./submit-cli-run.ts";
import { waitAndCollect } from "./wait-and-collect.ts";

/** `--then` (repeated), then the stages of `--pipeline <file>`, checked against the first stage's model; [] without either. */
export async function cliPipelineStages(flags: { then: readonly string[]; pipeline?: string }, first: Pick<ModelConfig, "name" | "kind">, config: LoadedConfig): Promise<PipelineStageSpec[]> {
  const stages = [...(flags.then.length === 0 ? [] : stagesFromThen(flags.then)), ...(flags.pipeline === undefined ? [] : parsePipelineFile(basename(flags.pipeline), await readFile(flags.pipeline, "utf8")))];
  if (stages.length + 1 > MAX_PIPELINE_STAGES) throw new UserFacingError(`A pipeline has at most ${MAX_PIPELINE_STAGES} stages, not ${stages.length + 1}.`);
  checkStageModels(stages, first, config);
  return stages;
}

/** Where stage `stage`'s results go under the run's `--out`. */
export function stageDir(outDir: string, stage: number): string {
  return join(outDir, `stage-${stage}`);
}

export interface CliPipelineResult {
  /** One per stage that ran (or was refused), the first one first. */
  stages: { model: string; summary: StageSummary }[];
  records: number;
  succeeded: number;
  files: PipelineResultFiles;
}

/** Runs stages 2.. of a pipeline whose first stage (`runId`, model `firstModel`) ended with its results in `stageDir(outDir, 1)`. */
export async function runCliPipelineStages(
  context: BatchAwsContext,
  pipeline: { runId: string; outDir: string; firstModel: string; firstPrice: "batch" | "on_demand"; stages: readonly PipelineStageSpec[] },
): Promise<CliPipelineResult> {
  const { config } = context;
  const first: EndedStage = { results: await readStageResults(stageDir(pipeline.outDir, 1)) };
  const ended: EndedStage[] = [first];
  const done: CliPipelineResult["stages"] = [{ model: pipeline.firstModel, summary: summarizeStageAt(first, findModel(config, pipeline.firstModel), pipeline.firstPrice) }];
  for (const [index, spec] of pipeline.stages.entries()) {
    const stage = index + 2;
    const { records } = tracePipelineRecords(ended);
    const inputIds = chainStageInputs(records, stage, spec.template).inputIds;
    if (inputIds.length === 0) break;
    const runId = stageSubmissionId(pipeline.runId, stage);
    const outDir = stageDir(pipeline.outDir, stage);
    try {
      const { plan, model } = await planPipelineStage(stage, spec, records, pipeline.firstModel, config);
      const s3 = context.s3(context.providerFor(model));
      process.stderr.write(`stage ${stage} of ${pipeline.stages.length + 1}: ${inputIds.length} records on ${model.name}\n`);
      const submitted = await submitCliRun(context, { plan, model, runId, outDir });
      if (submitted.action === "batch") await waitAndCollect(context, submitted.jobs.map((row) => row.jobName), { runId, s3, outDir, prices: model });
      else if (submitted.action === "wait") throw new UserFacingError(submitted.reason);
      const stageEnded: EndedStage = { inputIds, results: await readStageResults(outDir) };
      ended.push(stageEnded);
      done.push({ model: model.name, summary: summarizeStageAt(stageEnded, model, submitted.action === "batch" ? "batch" : "on_demand") });
    } catch (error) {
      // A stage refused (its model, the plan): its records are carried as failed, and the pipeline stops there.
      if (!(error instanceof UserFacingError)) throw error;
      const refused: EndedStage = { inputIds, reason: error.userMessage };
      ended.push(refused);
      done.push({ model: spec.model ?? pipeline.firstModel, summary: summarizeStage(refused) });
      break;
    }
  }
  const joined = joinPipelineResults(tracePipelineRecords(ended), pipeline.stages.length + 1);
  const files = await writePipelineResults(joined, done.map((stage) => stage.summary), pipeline.outDir);
  return { stages: done, records: joined.rows.filter((row) => row.status !== "skipped").length, succeeded: joined.succeeded, files };
}
