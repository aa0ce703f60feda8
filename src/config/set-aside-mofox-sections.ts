/**
 * The parts of a MoFox-Bot `model_config.toml` this bot has no use for. They are not errors — the file must load
 * unchanged — and not "unknown key" warnings either (they are not typos): a section gets at most one informational
 * warning, a MoFox-only model option one per option name.
 */
import type { ConfigIssue } from "./format-config-issue.ts";
import { formatKeyPath, type KeyPath } from "./key-path.ts";

/** Top-level MoFox-Bot sections -> the note shown once (undefined: say nothing). */
const MOFOX_SECTIONS: Readonly<Record<string, string | undefined>> = {
  // The file's version stamp: nothing to act on.
  inner: undefined,
  model_task_config:
    "is MoFox-Bot's task-to-model mapping and is ignored here (choose models with [bot] default_model and [batch] default_model)",
  model_selector: "is MoFox-Bot's load-balancing section and is ignored here",
  request_conf: "is MoFox-Bot's global request section and is ignored here (set max_retry, timeout and retry_interval in each [[api_providers]])",
  // Older MaiBot files map tasks to models in `[model.utils]`, `[model.replyer_1]`, ... tables.
  model:
    "holds older MaiBot task tables ([model.utils], [model.replyer_1], ...) and is ignored here (define models as [[models]]; choose them with [bot] default_model and [batch] default_model)",
};

/** `[[models]]` options MoFox-Bot has and this bot does not. */
const MOFOX_MODEL_KEYS = new Set([
  "anti_truncation",
  "use_anti_truncation",
  "enable_prompt_perturbation",
  "perturbation_strength",
  "enable_semantic_variants",
  "max_context",
  "tool_call_compat",
  // Older MaiBot model options: what a model is for and can do, which this bot decides per command instead.
  "task_type",
  "capabilities",
  "model_flags",
]);

/** The document without MoFox-only sections, and a note for each that deserves one. */
export function setAsideMofoxSections(document: Readonly<Record<string, unknown>>): { document: Record<string, unknown>; notes: ConfigIssue[] } {
  const kept: Record<string, unknown> = {};
  const notes: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (!Object.hasOwn(MOFOX_SECTIONS, key)) {
      kept[key] = value;
      continue;
    }
    const note = MOFOX_SECTIONS[key];
    if (note) notes.push({ path: [key], message: `${key} ${note}` });
  }
  return { document: kept, notes };
}

/** Notes for MoFox-only model options among unknown keys, one per option name; the remaining keys are really unknown. */
export function setAsideMofoxModelKeys<T extends { path: KeyPath }>(unknownKeys: readonly T[]): { unknown: T[]; notes: ConfigIssue[] } {
  const unknown: T[] = [];
  const notes: ConfigIssue[] = [];
  const noted = new Set<string>();
  for (const key of unknownKeys) {
    const [section, index, name, ...rest] = key.path;
    const isMofoxOption = section === "models" && typeof index === "number" && typeof name === "string" && rest.length === 0 && MOFOX_MODEL_KEYS.has(name);
    if (!isMofoxOption) {
      unknown.push(key);
    } else if (!noted.has(name)) {
      noted.add(name);
      notes.push({ path: key.path, message: `${formatKeyPath(key.path)} is a MaiBot/MoFox-Bot model option and is ignored here` });
    }
  }
  return { unknown, notes };
}
