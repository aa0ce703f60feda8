/**
 * How a run's prompts are given (issue: single / template / mapped / expanded, and embed without a prompt), checked
 * before any input is read.
 */
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { PromptMode } from "../batch-types.ts";

/** One of several prompts applied to every input of an `expanded` run; `name` ends up in each record's provenance. */
export interface NamedPrompt {
  name: string;
  /** A template: `{column}` placeholders (`{filename}` for files); `{{` and `}}` are literal braces. */
  template: string;
}

export type PromptSpec =
  /** One prompt for everything; a data row follows it as `column: value` lines. */
  | { mode: "single"; prompt: string }
  /** `{column}` placeholders filled from each row (`{filename}` for files). */
  | { mode: "template"; template: string }
  /** Each row carries its own prompt in `column` (default `prompt`). */
  | { mode: "mapped"; column?: string }
  /** Several named templates per input: one record per input and prompt. */
  | { mode: "expanded"; prompts: readonly NamedPrompt[] }
  /** Embedding runs: a row's `column` (default `text`), a text file's text, or an image. */
  | { mode: "embed"; column?: string };

/** `PromptSpec` covers exactly the shared `PromptMode`s: adding a mode to one without the other is a compile error. */
const MODES_MATCH: [PromptMode] extends [PromptSpec["mode"]] ? ([PromptSpec["mode"]] extends [PromptMode] ? true : never) : never = true;
void MODES_MATCH;

export const DEFAULT_PROMPT_COLUMN = "prompt";
export const DEFAULT_EMBED_COLUMN = "text";
/** Provenance prompt name of every run but `expanded`. */
export const DEFAULT_PROMPT_NAME = "default";

/** Refuses a spec that cannot work whatever the inputs (empty prompt, duplicate names). */
export function validatePromptSpec(spec: PromptSpec): void {
  switch (spec.mode) {
    case "single":
      if (spec.prompt.trim() === "") throw new UserFacingError("The prompt is empty.");
      return;
    case "template":
      if (spec.template.trim() === "") throw new UserFacingError("The prompt template is empty.");
      return;
    case "mapped":
    case "embed":
      if (spec.column?.trim() === "") throw new UserFacingError("The column name is empty.");
      return;
    case "expanded": {
      if (spec.prompts.length === 0) throw new UserFacingError("Expanded runs need at least one named prompt.");
      const names = new Set<string>();
      for (const { name, template } of spec.prompts) {
        if (name.trim() === "") throw new UserFacingError("Every expanded prompt needs a name.");
        if (names.has(name)) throw new UserFacingError(`Two expanded prompts are named "${name}"; names must be unique.`);
        if (template.trim() === "") throw new UserFacingError(`The prompt "${name}" is empty.`);
        names.add(name);
      }
      return;
    }
    default: {
      const unexpected: never = spec;
      throw new Error(`unknown prompt mode ${JSON.stringify(unexpected)}`);
    }
  }
}
