/**
 * The one rule for which model a request runs on, for every front end: a chat turn (Discord, `bedrock-bot ask`) or a
 * batch run (`/batch`, `bedrock-bot batch`). The named model if it fits the use; no name, the use's default.
 */
import { defaultChatModel, findModel, type LoadedConfig, type ModelConfig } from "../../config/index.ts";
import { batchCapability } from "../batch/records/batch-capability.ts";
import { UserFacingError } from "../errors/user-facing-error.ts";

/** What a model is chosen for: chat models chat; batch runs need a model batch inference takes (`batchCapability`). */
export type ModelUse = "chat" | "batch";

export interface ChosenModel {
  model: ModelConfig;
  /** Sentences for the user: a named model that was replaced by the default (`fallback`). */
  warnings: string[];
}

const USES: Record<ModelUse, { fits: (model: ModelConfig) => boolean; noun: string; nouns: string; none: string }> = {
  chat: { fits: (model) => model.kind === "chat", noun: "chat model", nouns: "Chat models", none: "No chat model is configured." },
  batch: { fits: (model) => batchCapability(model).enabled, noun: "batch-capable model", nouns: "Batch models", none: "No configured model can run batch jobs." },
};

/** `[bot] default_model` / `[batch] default_model` when it fits the use, else the first model that does. */
export function defaultModelFor(config: LoadedConfig, use: ModelUse): ModelConfig | undefined {
  if (use === "chat") return defaultChatModel(config);
  const name = config.data.batch.default_model;
  const configured = name === undefined ? undefined : findModel(config, name);
  return configured !== undefined && USES.batch.fits(configured) ? configured : config.models.find(USES.batch.fits);
}

/**
 * `name`, when it names a model that fits `use`; no name, the use's default. A name that does not fit is refused with
 * the names that would — or, with `fallback` (a name stored earlier, which the config may have dropped since), replaced
 * by the default with a warning. Throws a `UserFacingError` when no model fits at all.
 */
export function chooseModel(config: LoadedConfig, use: ModelUse, name: string | undefined, options: { fallback?: boolean } = {}): ChosenModel {
  const { fits, none } = USES[use];
  const named = name === undefined ? undefined : findModel(config, name);
  if (named !== undefined && fits(named)) return { model: named, warnings: [] };
  if (name !== undefined && options.fallback !== true) throw new UserFacingError(describeUnfitModel(config, use, name));
  const model = defaultModelFor(config, use);
  if (model === undefined) throw new UserFacingError(none);
  return { model, warnings: name === undefined ? [] : [`The model "${name}" is not available; answered with ${model.name}.`] };
}

/** Why `name` cannot serve `use`, and the names that can: one sentence or two. */
function describeUnfitModel(config: LoadedConfig, use: ModelUse, name: string): string {
  const { fits, noun, nouns, none } = USES[use];
  const names = config.models.filter(fits).map((model) => model.name);
  const known = names.length === 0 ? none : `${nouns}: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""}.`;
  const why = config.unavailable.find((entry) => entry.name === name)?.reason;
  if (why !== undefined) return `Model "${name}" is unavailable: ${why}. ${known}`;
  return `There is no ${noun} named "${name}". ${known}`;
}
