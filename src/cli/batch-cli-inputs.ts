/**
 * Command-line flags -> what the batch core takes: input paths and `s3://` prefixes -> `InputSource`s, prompt flags
 * -> a `PromptSpec`, inference flags -> run settings. Pure where it can be; only `readInputSources` reads files.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { InputSource } from "../bedrock/batch/inputs/input-item.ts";
import type { BatchRunSettings } from "../bedrock/batch/records/build-batch-records.ts";
import type { NamedPrompt, PromptSpec } from "../bedrock/batch/records/prompt-spec.ts";
import { SMALL_BATCH_POLICIES, type SmallBatchPolicy } from "../bedrock/batch/run/decide-run-action.ts";
import type { PromptMode } from "../bedrock/batch/batch-types.ts";
import type { ModelConfig } from "../config/schema.ts";

export const PROMPT_MODES: readonly PromptMode[] = ["single", "template", "mapped", "expanded", "embed"];

/** The flags `batch plan` and `batch submit` share. */
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
  out?: string;
  json?: boolean;
}

/** `name=text` of an expanded prompt: the name is letters, digits, `_` and `-`. */
const NAMED_PROMPT = /^([A-Za-z0-9_-]+)=([\s\S]+)$/;

export function promptSpecFromFlags(flags: BatchRunFlags, model: Pick<ModelConfig, "kind">): PromptSpec {
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
function inferMode(flags: BatchRunFlags, model: Pick<ModelConfig, "kind">): PromptMode {
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

export function settingsFromFlags(flags: BatchRunFlags): BatchRunSettings {
  return {
    ...(flags.system === undefined ? {} : { system: flags.system }),
    ...(flags.maxTokens === undefined ? {} : { maxTokens: positiveInteger(flags.maxTokens, "--max-tokens") }),
    ...(flags.temperature === undefined ? {} : { temperature: unitNumber(flags.temperature, "--temperature") }),
  };
}

export function policyFromFlags(flags: BatchRunFlags): SmallBatchPolicy | undefined {
  if (flags.policy === undefined) return undefined;
  const policy = SMALL_BATCH_POLICIES.find((candidate) => candidate === flags.policy);
  if (policy === undefined) throw new UserFacingError(`--policy must be one of ${SMALL_BATCH_POLICIES.join(", ")}, not "${flags.policy}".`);
  return policy;
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

/**
 * Paths -> sources: a file as is, a directory as every file below it (sorted, named `<dir>/<path>`), `s3://...` as an
 * S3 prefix (refused when `allowS3` is false: `batch plan` stays offline).
 */
export async function readInputSources(inputs: readonly string[], options: { allowS3: boolean }): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const input of inputs) {
    if (input.startsWith("s3://")) {
      if (!options.allowS3) throw new UserFacingError(`${input}: batch plan reads local files only (it makes no AWS calls); give S3 prefixes to batch submit.`);
      sources.push({ kind: "s3", uri: input });
      continue;
    }
    const info = await stat(input).catch(() => undefined);
    if (info === undefined) throw new UserFacingError(`${input}: no such file or folder.`);
    if (info.isDirectory()) {
      for (const path of await listFiles(input)) {
        sources.push({ kind: "file", filename: join(basename(input), relative(input, path)), bytes: new Uint8Array(await readFile(path)) });
      }
    } else {
      sources.push({ kind: "file", filename: basename(input), bytes: new Uint8Array(await readFile(input)) });
    }
  }
  if (sources.length === 0) throw new UserFacingError("No inputs: give files, folders or s3:// prefixes.");
  return sources;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) paths.push(...(await listFiles(path)));
    else if (entry.isFile()) paths.push(path);
  }
  return paths;
}
