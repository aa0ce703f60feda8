/**
 * The stages `/batch submit` is asked to run after its own: `then:` (one follow-up stage) and `pipeline:` (a TOML or
 * JSON file of `[[stages]]`, downloaded now like the other attachments), both at once meaning the `then:` stage first.
 * Checked before anything is planned: each stage's model must be a batch model, and only the last stage may embed (an
 * embedding has no text to hand on). The pipeline record is stored before its first stage's submission, so a
 * submission that names a pipeline always has one.
 */
import type { Attachment, ChatInputCommandInteraction } from "discord.js";
import { MAX_PIPELINE_STAGES, parsePipelineFile, stagesFromThen, type PipelineStageSpec } from "../../bedrock/batch/pipeline/pipeline-spec.ts";
import type { Pipeline } from "../../bedrock/batch/pipeline/pipeline.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { checkStageModels } from "../../bedrock/batch/pipeline/plan-pipeline-stage.ts";
import type { ModelConfig } from "../../config/schema.ts";
import { SUBMIT_OPTIONS } from "./batch-command-definition.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";

/** The follow-up stages asked for; [] for an ordinary run. `download`: an attachment's bytes (allowed hosts, size cap). */
export async function pipelineStagesOf(
  interaction: ChatInputCommandInteraction,
  context: Pick<BatchCommandContext, "config">,
  first: Pick<ModelConfig, "name" | "kind">,
  download: (attachment: Attachment) => Promise<Uint8Array>,
): Promise<PipelineStageSpec[]> {
  const then = interaction.options.getString(SUBMIT_OPTIONS.then);
  const file = interaction.options.getAttachment(SUBMIT_OPTIONS.pipeline);
  const stages = [
    ...(then === null ? [] : stagesFromThen([then])),
    ...(file === null ? [] : parsePipelineFile(file.name, new TextDecoder().decode(await download(file)))),
  ];
  if (stages.length === 0) return [];
  if (stages.length + 1 > MAX_PIPELINE_STAGES) throw new UserFacingError(`A pipeline has at most ${MAX_PIPELINE_STAGES} stages, not ${stages.length + 1}.`);
  checkStageModels(stages, first, context.config);
  return stages;
}

/** Stores the pipeline of `submission` (its first stage) and returns the submission marked as that stage. */
export async function startPipeline(context: Pick<BatchCommandContext, "batch">, submission: Submission, stages: PipelineStageSpec[]): Promise<Submission> {
  if (submission.owner === undefined) throw new Error(`submission ${submission.id} has no owner for its pipeline`);
  const pipeline: Pipeline = {
    id: submission.id,
    state: "running",
    owner: submission.owner,
    stages,
    runs: [{ submissionId: submission.id, model: submission.model }],
    createdAt: submission.createdAt,
    updatedAt: submission.createdAt,
  };
  await context.batch.pipelines.save(pipeline);
  return { ...submission, pipeline: { id: pipeline.id, stage: 1 } };
}

/** The plan's line about what follows. */
export function describePipelinePlan(stages: readonly PipelineStageSpec[], firstModel: string): string {
  const names = stages.map((stage, index) => `${index + 2}. ${stage.model ?? firstModel}`).join(", ");
  return `🔗 Then ${stages.length} more stage${stages.length === 1 ? "" : "s"} on each result (${names}), each started when the one before it ends; one notice when all are done.`;
}
