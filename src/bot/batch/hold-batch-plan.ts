/**
 * A batch plan made and held, the same for every front end that asks for one (`/batch submit`, `/batch run`, the
 * chat tool `plan_batch`): plan the run (`planBatchRun`: records, skipped inputs and why, policy, cost), refuse a
 * rejected plan with its figures, check the spend with the estimate, then hold the records and store the `planned`
 * submission (`planSubmission`). Nothing is spent here: Confirm moves the submission (`handleBatchButton`).
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import { allowedSourceBuckets } from "../../bedrock/batch/inputs/list-s3-prefix.ts";
import { createRunId } from "../../bedrock/batch/jobs/job-names.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import { planBatchRun, type BatchPlan, type PlanBatchRunInput } from "../../bedrock/batch/run/plan-batch-run.ts";
import type { ModelConfig } from "../../config/schema.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { discordTime } from "../render/discord-time.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { batchButtonId } from "./batch-button-id.ts";
import type { DraftPick } from "./batch-drafts.ts";
import type { PipelineStageSpec } from "../../bedrock/batch/pipeline/pipeline-spec.ts";
import { startPipeline } from "./pipeline-options.ts";
import { heldPlaceOf, planSubmission } from "./plan-submission.ts";
import { renderBatchPlan } from "./render-batch-plan.ts";

export interface HoldBatchPlanRequest extends Pick<PlanBatchRunInput, "promptSpec" | "settings" | "policy" | "columns"> {
  sources: InputSource[];
  model: ModelConfig;
  owner: JobOwner;
  /** Refuses (throws `UserFacingError`) when the asker may not spend `estimateUsd` now. */
  checkSpend: (estimateUsd: number) => Promise<void>;
  fromDraft?: DraftPick;
  /** Stages that follow this run (`then:`, a pipeline file): the submission starts the pipeline. */
  stages?: PipelineStageSpec[];
}

export async function holdBatchPlan(context: BatchCommandContext, request: HoldBatchPlanRequest): Promise<{ plan: BatchPlan; submission: Submission }> {
  const { model, owner } = request;
  const provider = context.batch.providerFor(model);
  const plan = await planBatchRun({
    sources: request.sources,
    model,
    promptSpec: request.promptSpec,
    ...(request.settings === undefined ? {} : { settings: request.settings }),
    ...(request.policy === undefined ? {} : { policy: request.policy }),
    ...(request.columns === undefined ? {} : { columns: request.columns }),
    batch: context.config.data.batch,
    expandDeps: { s3: context.batch.s3(provider), allowedBuckets: allowedSourceBuckets(context.config.data.batch) },
  });
  if (plan.decision.action === "reject") throw new UserFacingError(`${renderBatchPlan(plan, { confirm: false })}\n❌ Nothing was submitted.`);
  // A pool mixes several members' records in one job, and its results have no per-member schema: refuse rather than
  // hand back rows that were never checked.
  if (request.settings?.outputSchema !== undefined && plan.decision.action === "wait") {
    throw new UserFacingError(`A run with a schema cannot wait for other records; use policy: on_demand, or give at least ${plan.minRecords} records. Nothing was submitted.`);
  }
  await request.checkSpend(plan.estimate.chosenUsd);
  const id = createRunId(context.now());
  const held = heldPlaceOf(context.batch, context.config.data.batch, provider);
  const planned = await planSubmission(held, id, plan, { owner, provider, ...(request.fromDraft === undefined ? {} : { fromDraft: request.fromDraft }) }, context.now());
  const submission = request.stages === undefined || request.stages.length === 0 ? planned : await startPipeline(context, planned, request.stages);
  await context.batch.submissions.save(submission);
  return { plan, submission };
}

/**
 * The message asking for Confirm: the plan, what follows it (`followUp`: the pipeline's stages), until when Confirm is
 * possible, and the Confirm / Cancel buttons.
 */
export function planMessage(plan: BatchPlan, submission: Pick<Submission, "id" | "expiresAt">, followUp = ""): { content: string; components: ActionRowBuilder<ButtonBuilder>[] } {
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(batchButtonId("confirm", submission.id)).setLabel("Confirm").setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(batchButtonId("cancel", submission.id)).setLabel("Cancel").setStyle(ButtonStyle.Secondary),
  );
  const until = `Confirm is possible until ${discordTime(submission.expiresAt ?? "")}; after that the plan expires and nothing is spent.`;
  return { content: `${renderBatchPlan(plan, { confirm: true })}${followUp}\n${until}`, components: [buttons] };
}
