/**
 * Autocomplete for model options (`/model name`, `/chat model`) and `/guardrail name`: the usable chat models whose name contains what the
 * user typed, names starting with it first, each labelled with its price so the choice is informed.
 */
import type { GuardrailConfig, ModelConfig } from "../../config/schema.ts";
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
  const candidates = models.filter((model) => model.kind === "chat");
  return matchingNames(candidates, typed).map((model) => ({ name: modelLabel(model), value: model.name }));
}

/** `/guardrail name`: configured guardrails by name, labelled with their version. */
export function suggestGuardrails(guardrails: readonly Pick<GuardrailConfig, "name" | "version">[], typed: string): ModelSuggestion[] {
  return matchingNames(guardrails, typed).map((guardrail) => ({ name: shortLabel(`${guardrail.name} — version ${guardrail.version}`), value: guardrail.name }));
}

/** Names containing what was typed, those starting with it first; at most Discord's 25. */
function matchingNames<T extends { name: string }>(candidates: readonly T[], typed: string): T[] {
  const query = typed.trim().toLowerCase();
  const usable = candidates.filter((candidate) => candidate.name.length <= MAX_MODEL_NAME);
  const starting = usable.filter((candidate) => candidate.name.toLowerCase().startsWith(query));
  const containing = usable.filter((candidate) => !candidate.name.toLowerCase().startsWith(query) && candidate.name.toLowerCase().includes(query));
  return [...starting, ...containing].slice(0, MAX_SUGGESTIONS);
}

function shortLabel(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1)}…`;
}

/** `claude-sonnet-4 — $3.00 / $15.00 per 1M tokens`, cut to Discord's 100 characters. */
export function modelLabel(model: Pick<ModelConfig, "name" | "price_in" | "price_out">): string {
  return shortLabel(`${model.name} — ${describeModelPrice(model)}`);
}

/** `$3.00 / $15.00 per 1M tokens` (input / output); models without prices say so rather than look free. */
export function describeModelPrice(model: Pick<ModelConfig, "price_in" | "price_out">): string {
  if (model.price_in === 0 && model.price_out === 0) return "no price configured";
  return `${formatUsd(model.price_in)} / ${formatUsd(model.price_out)} per 1M tokens`;
}
