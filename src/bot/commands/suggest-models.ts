/**
 * Autocomplete for model options (`/model name`, `/chat model`): the usable chat models whose name contains what the
 * user typed, names starting with it first, each labelled with its price so the choice is informed.
 */
import type { ModelConfig } from "../../config/schema.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { MAX_MODEL_NAME } from "./command-definitions.ts";

export interface ModelSuggestion {
  /** What the user sees: `claude-sonnet-4 — $3.00 / $15.00 per 1M tokens`. */
  name: string;
  /** The model name the option receives. */
  value: string;
}

/** Discord: <= 25 autocomplete choices, each name and value 1-100 characters. */
const MAX_SUGGESTIONS = 25;
const MAX_LABEL = 100;

type PricedModel = Pick<ModelConfig, "name" | "price_in" | "price_out" | "kind">;

export function suggestModels(models: readonly PricedModel[], typed: string): ModelSuggestion[] {
  const query = typed.trim().toLowerCase();
  const candidates = models.filter((model) => model.kind === "chat" && model.name.length <= MAX_MODEL_NAME);
  const starting = candidates.filter((model) => model.name.toLowerCase().startsWith(query));
  const containing = candidates.filter((model) => !model.name.toLowerCase().startsWith(query) && model.name.toLowerCase().includes(query));
  return [...starting, ...containing].slice(0, MAX_SUGGESTIONS).map((model) => ({ name: modelLabel(model), value: model.name }));
}

/** `claude-sonnet-4 — $3.00 / $15.00 per 1M tokens`, cut to Discord's 100 characters. */
export function modelLabel(model: Pick<ModelConfig, "name" | "price_in" | "price_out">): string {
  const label = `${model.name} — ${describeModelPrice(model)}`;
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1)}…`;
}

/** `$3.00 / $15.00 per 1M tokens` (input / output); models without prices say so rather than look free. */
export function describeModelPrice(model: Pick<ModelConfig, "price_in" | "price_out">): string {
  if (model.price_in === 0 && model.price_out === 0) return "no price configured";
  return `${formatUsd(model.price_in)} / ${formatUsd(model.price_out)} per 1M tokens`;
}
