/**
 * The options a batch run is asked with — `bedrock-bot batch plan|submit` flags and `/batch submit` options alike —
 * -> what the batch core takes: a `PromptSpec`, run settings and a small-batch policy. Pure; a bad value is a
 * `UserFacingError` naming the flag.
 */
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { ModelConfig } from "../../../config/schema.ts";
import { PROMPT_MODES, type PromptMode } from "../batch-types.ts";
import type { BatchRunSettings } from "../records/build-batch-records.ts";
import type { NamedPrompt, PromptSpec } from "../records/prompt-spec.ts";
import { SMALL_BATCH_POLICIES, type SmallBatchPolicy } from "./decide-run-action.ts";
import type { ColumnSelection } from "../records/select-input-columns.ts";
import type { BatchConfig } from "../../../config/schema.ts";

/** What `batch plan`, `batch submit` and `/batch submit` are asked with, as given (strings; checked here). */
export interface BatchRunFlags {
  model?: string;
  prompt: string[];
  template?: string;
  promptColumn?: string;
  textColumn?: string;
  mode?: string;
  system?: string;
  maxTokens?: string;
  temperature?: string;
  policy?: string;
  /** `id,title`: only these input columns in the results. */
  keepColumns?: string;
  /** `body,html`: never these input columns. */
  dropColumns?: string;
}

/** `name=text` of an expanded prompt: the name is letters, digits, `_` and `-`. */
const NAMED_PROMPT = /^([A-Za-z0-9_-]+)=([\s\S]+)$/;

export function promptSpecFromFlags(flags: Pick<BatchRunFlags, "prompt" | "template" | "promptColumn" | "textColumn" | "mode">, model: Pick<ModelConfig, "kind">): PromptSpec {
  const mode = flags.mode === undefined ? inferMode(flags, model) : checkMode(flags.mode);
  const [first, ...others] = flags.prompt;
  switch (mode) {
    case "single":
      if (first === undefined || others.length > 0) throw new UserFacingError("A single-prompt run takes exactly one --prompt.");
      return { mode, prompt: first };
    case "template": {
      const template = flags.template ?? first;
      if (template === undefined) throw new UserFacingError("A template run needs --template \"... {column} ...\".");
      return { mode, template };
    }
    case "mapped":
      return { mode, ...(flags.promptColumn === undefined ? {} : { column: flags.promptColumn }) };
    case "expanded":
      if (flags.prompt.length === 0) throw new UserFacingError("An expanded run needs --prompt name=text, once per prompt.");
      return { mode, prompts: flags.prompt.map(parseNamedPrompt) };
    case "embed":
      return { mode, ...(flags.textColumn === undefined ? {} : { column: flags.textColumn }) };
    default: {
      const unexpected: never = mode;
      throw new Error(`unknown prompt mode ${String(unexpected)}`);
    }
  }
}

/** Without --mode: embedding models embed; otherwise the prompt flags given say which mode is meant. */
function inferMode(flags: Pick<BatchRunFlags, "prompt" | "template" | "promptColumn">, model: Pick<ModelConfig, "kind">): PromptMode {
  if (model.kind === "embedding") return "embed";
  if (flags.template !== undefined) return "template";
  if (flags.prompt.length > 1) return "expanded";
  if (flags.prompt.length === 1) return "single";
  if (flags.promptColumn !== undefined) return "mapped";
  throw new UserFacingError("Give a prompt: --prompt <text>, --template <text with {column}>, or --prompt-column <column>.");
}

function checkMode(mode: string): PromptMode {
  const known = PROMPT_MODES.find((candidate) => candidate === mode);
  if (known === undefined) throw new UserFacingError(`--mode must be one of ${PROMPT_MODES.join(", ")}, not "${mode}".`);
  return known;
}

function parseNamedPrompt(text: string): NamedPrompt {
  const match = NAMED_PROMPT.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new UserFacingError(`Expanded prompts are written name=text; "${text.slice(0, 40)}" has no name.`);
  }
  return { name: match[1], template: match[2] };
}

export function settingsFromFlags(flags: Pick<BatchRunFlags, "system" | "maxTokens" | "temperature">): BatchRunSettings {
  return {
    ...(flags.system === undefined ? {} : { system: flags.system }),
    ...(flags.maxTokens === undefined ? {} : { maxTokens: positiveInteger(flags.maxTokens, "--max-tokens") }),
    ...(flags.temperature === undefined ? {} : { temperature: unitNumber(flags.temperature, "--temperature") }),
  };
}

export function policyFromFlags(flags: Pick<BatchRunFlags, "policy">): SmallBatchPolicy | undefined {
  if (flags.policy === undefined) return undefined;
  const policy = SMALL_BATCH_POLICIES.find((candidate) => candidate === flags.policy);
  if (policy === undefined) throw new UserFacingError(`--policy must be one of ${SMALL_BATCH_POLICIES.join(", ")}, not "${flags.policy}".`);
  return policy;
}

/** `id, title` -> `["id", "title"]`; an empty list is a mistake worth naming. */
export function splitColumnList(text: string, flag: string): string[] {
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new UserFacingError(`${flag} takes column names separated by commas, such as id,title.`);
  return names;
}

/**
 * Which input columns the results carry: the flags where given, else `[batch] keep_columns` / `drop_columns`. The
 * `/batch` option writes both in one (`id,title,-body`): a leading `-` drops.
 */
export function columnSelectionFromFlags(
  flags: Pick<BatchRunFlags, "keepColumns" | "dropColumns">,
  batch: Pick<BatchConfig, "keep_columns" | "drop_columns">,
): ColumnSelection | undefined {
  const keep = flags.keepColumns === undefined ? batch.keep_columns : splitColumnList(flags.keepColumns, "--keep-columns");
  const drop = flags.dropColumns === undefined ? batch.drop_columns : splitColumnList(flags.dropColumns, "--drop-columns");
  if (keep === undefined && drop.length === 0) return undefined;
  return { ...(keep === undefined ? {} : { keep }), ...(drop.length === 0 ? {} : { drop }) };
}

/** The `/batch` `columns:` option, `id,title,-body` -> keep id and title, drop body. */
export function columnFlagsOfOption(option: string): Pick<BatchRunFlags, "keepColumns" | "dropColumns"> {
  const names = splitColumnList(option, "columns");
  const keep = names.filter((name) => !name.startsWith("-"));
  const drop = names.filter((name) => name.startsWith("-")).map((name) => name.slice(1));
  return { ...(keep.length === 0 ? {} : { keepColumns: keep.join(",") }), ...(drop.length === 0 ? {} : { dropColumns: drop.join(",") }) };
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UserFacingError(`${flag} must be a whole number above 0, not "${text}".`);
  return value;
}

function unitNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UserFacingError(`${flag} must be between 0 and 1, not "${text}".`);
  return value;
}
