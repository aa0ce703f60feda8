/**
 * Starts stage n of a pipeline from the records that succeeded in every stage before it: their prompts filled from the
 * stage's template into a generated JSONL input (`chainStageInputs`), planned like any run (under the model's minimum
 * it is answered on demand: a pipeline never waits in a pool), held and stored as an ordinary `planned` submission
 * under the id the pipeline fixes for the stage, then confirmed through the lifecycle's runner.
 *
 * Idempotent by that id: a process that died after storing the submission finds it and only records and confirms it;
 * one that died after confirming finds it past `planned`, and Confirm does nothing to it.
 */
import { chainStageInputs } from "../../bedrock/batch/pipeline/chain-stage-inputs.ts";
import { planPipelineStage } from "../../bedrock/batch/pipeline/plan-pipeline-stage.ts";
import { stageSubmissionId, type Pipeline } from "../../bedrock/batch/pipeline/pipeline.ts";
import type { TracedRecord } from "../../bedrock/batch/pipeline/trace-pipeline-records.ts";
import { applySubmissionEvent, type SubmissionRunnerDeps } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { heldPlaceOf, planSubmission } from "./plan-submission.ts";

export async function startPipelineStage(pipeline: Pipeline, stage: number, records: readonly TracedRecord[], deps: PoolDispatchDeps & { runner: SubmissionRunnerDeps }): Promise<Pipeline> {
  const { runtime, config } = deps;
  const spec = pipeline.stages[stage - 2];
  if (spec === undefined) throw new Error(`pipeline ${pipeline.id} has no stage ${stage}`);
  const id = stageSubmissionId(pipeline.id, stage);
  const modelName = spec.model ?? pipeline.runs[0]?.model ?? "";
  let next: Pipeline;
  // The rows the stage is handed are the same however often this runs: they follow from the stages before it.
  const inputIds = chainStageInputs(records, stage, spec.template).inputIds;
  if ((await runtime.submissions.get(id)) !== undefined) {
    next = withRun(pipeline, { submissionId: id, model: modelName, inputIds }, runtime.now());
  } else {
    try {
      const { plan, model } = await planPipelineStage(stage, spec, records, pipeline.runs[0]?.model ?? "", config);
      const provider = runtime.providerFor(model);
      const planned = await planSubmission(heldPlaceOf(runtime, config.data.batch, provider), id, plan, { owner: pipeline.owner, provider }, runtime.now());
      await runtime.submissions.save({ ...planned, pipeline: { id: pipeline.id, stage } });
      next = withRun(pipeline, { submissionId: id, model: model.name, inputIds }, runtime.now());
    } catch (error) {
      // The stage cannot be planned (its model is gone, say): it did not run, and its records are carried as failed.
      if (!(error instanceof UserFacingError)) throw error;
      const reason = error.userMessage;
      next = withRun(pipeline, { submissionId: id, model: modelName, inputIds, summary: { inputs: inputIds.length, records: 0, skipped: inputIds.length, succeeded: 0, failed: 0, reason } }, runtime.now());
      await runtime.pipelines.save(next);
      return next;
    }
  }
  await runtime.pipelines.save(next);
  await confirmStage(next, id, deps.runner);
  return next;
}

/** Confirm of a stage's `planned` submission (nothing happens to one already past it). */
export async function confirmStage(pipeline: Pick<Pipeline, "owner">, submissionId: string, runner: SubmissionRunnerDeps): Promise<void> {
  const messageId = pipeline.owner.messageId;
  await applySubmissionEvent(runner, submissionId, messageId === undefined ? { type: "confirm" } : { type: "confirm", messageId });
}

function withRun(pipeline: Pipeline, run: Pipeline["runs"][number], now: Date): Pipeline {
  const runs = pipeline.runs.some((known) => known.submissionId === run.submissionId) ? pipeline.runs : [...pipeline.runs, run];
  return { ...pipeline, runs, updatedAt: now.toISOString() };
}
