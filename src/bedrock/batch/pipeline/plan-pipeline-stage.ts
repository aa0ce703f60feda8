/**
 * Stage n of a pipeline planned like any run, from the records that succeeded in every stage before it: their
 * prompts filled into a generated JSONL input (`chainStageInputs`), each row's prompt in one column (the text to embed
 * for an embedding model). Under the model's minimum a stage runs on demand: a pipeline never waits in a pool. The bot
 * (`start-pipeline-stage.ts`) and the CLI (`batch submit --then`) both plan stages here.
 */
import type { LoadedConfig } from "../../../config/index.ts";
import type { ModelConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { chooseModel } from "../../models/choose-model.ts";
import type { PromptSpec } from "../records/prompt-spec.ts";
import type { SmallBatchPolicy } from "../run/decide-run-action.ts";
import { planBatchRun, type BatchPlan } from "../run/plan-batch-run.ts";
import { chainStageInputs, STAGE_PROMPT_COLUMN, type StageInput } from "./chain-stage-inputs.ts";
import type { PipelineStageSpec } from "./pipeline-spec.ts";
import type { TracedRecord } from "./trace-pipeline-records.ts";

export interface PlannedStage {
  plan: BatchPlan;
  model: ModelConfig;
  input: StageInput;
}

/** `firstModel`: the first stage's model, the default of the later ones. */
export async function planPipelineStage(stage: number, spec: PipelineStageSpec, records: readonly TracedRecord[], firstModel: string, config: LoadedConfig): Promise<PlannedStage> {
  const input = chainStageInputs(records, stage, spec.template);
  const { model } = chooseModel(config, "batch", spec.model ?? firstModel);
  const promptSpec: PromptSpec = model.kind === "embedding" ? { mode: "embed", column: STAGE_PROMPT_COLUMN } : { mode: "mapped", column: STAGE_PROMPT_COLUMN };
  const plan = await planBatchRun({
    sources: [{ kind: "file", filename: input.filename, bytes: new TextEncoder().encode(input.jsonl) }],
    model,
    promptSpec,
    settings: { ...(spec.system === undefined ? {} : { system: spec.system }), ...(spec.maxTokens === undefined ? {} : { maxTokens: spec.maxTokens }) },
    policy: "on_demand",
    batch: config.data.batch,
  });
  return { plan, model, input };
}

/**
 * The small-batch policy of a pipeline's first stage: a pipeline waits in no pool (each stage must start when the one
 * before it ends), so `wait` asked for is refused and `wait` by default (`[batch] small_batch_policy`) becomes
 * `on_demand`, as for the later stages.
 */
export function pipelinePolicy(stages: readonly PipelineStageSpec[], asked: SmallBatchPolicy | undefined, byDefault: SmallBatchPolicy): SmallBatchPolicy | undefined {
  if (stages.length === 0) return asked;
  if (asked === "wait") throw new UserFacingError("A pipeline cannot wait in a pool: choose the policy on_demand or batch for it.");
  return asked ?? (byDefault === "wait" ? "on_demand" : byDefault);
}

/** Each stage's model must be a batch model, and only the last stage may embed (an embedding has no text to hand on). */
export function checkStageModels(stages: readonly PipelineStageSpec[], first: Pick<ModelConfig, "name" | "kind">, config: LoadedConfig): void {
  const kinds = [first.kind, ...stages.map((stage) => chooseModel(config, "batch", stage.model ?? first.name).model.kind)];
  if (kinds.slice(0, -1).includes("embedding")) throw new UserFacingError("Only a pipeline's last stage can use an embedding model: an embedding has no text for the next stage.");
}
