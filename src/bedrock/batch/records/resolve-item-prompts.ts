/**
 * Input item -> the prompt text of each record it becomes, per the run's `PromptSpec` (for `embed` runs: the text to
 * embed; empty for an image).
 *
 * A template naming a column the data does not have is an error, not a skip: it is checked on the first row of each
 * data file (and the first file for `{filename}` templates), before that file yields a record, and the message lists
 * the columns there are. Later JSON rows (whose keys may vary) missing a column are skipped one by one.
 */
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { describeOrigin, type InputItem } from "../inputs/input-item.ts";
import { DEFAULT_EMBED_COLUMN, DEFAULT_PROMPT_COLUMN, DEFAULT_PROMPT_NAME, type PromptSpec } from "./prompt-spec.ts";
import { fillTemplate, parseTemplate, templateColumns, type TemplatePart } from "./prompt-template.ts";

export type PromptOutcome = { ok: true; name: string; text: string } | { ok: false; name: string; reason: string };

/** The placeholder files fill in. */
const FILENAME = "filename";

interface CompiledPrompt {
  name: string;
  parts: TemplatePart[];
  /** `templateColumns(parts)`, once per run rather than once per row. */
  columns: string[];
}

function compile(name: string, template: string): CompiledPrompt {
  const parts = parseTemplate(template);
  return { name, parts, columns: templateColumns(parts) };
}

/** The data file a row belongs to (`data.csv`, `photos.zip: rows.csv`): column checks run once per file. */
function fileOf(item: Extract<InputItem, { kind: "row" }>): string {
  return describeOrigin({ source: item.origin.source, member: item.origin.member });
}

function braces(columns: readonly string[]): string {
  return columns.map((column) => `{${column}}`).join(", ");
}

/** Rows follow a `single` prompt as `column: value` lines. */
function formatRowForPrompt(columns: readonly string[], values: Readonly<Record<string, string>>): string {
  return columns.map((column) => `${column}: ${values[column] ?? ""}`).join("\n");
}

/** The column a `mapped` or `embed` run reads from each row. */
function rowColumnOf(spec: PromptSpec): string | undefined {
  if (spec.mode === "mapped") return spec.column ?? DEFAULT_PROMPT_COLUMN;
  if (spec.mode === "embed") return spec.column ?? DEFAULT_EMBED_COLUMN;
  return undefined;
}

/** A `mapped` prompt or `embed` text from the row's column. */
function columnText(column: string, values: Readonly<Record<string, string>>): PromptOutcome {
  const text = values[column];
  if (text === undefined) return { ok: false, name: DEFAULT_PROMPT_NAME, reason: `the row has no "${column}" column` };
  if (text.trim() === "") return { ok: false, name: DEFAULT_PROMPT_NAME, reason: `the "${column}" cell is empty` };
  return { ok: true, name: DEFAULT_PROMPT_NAME, text };
}

/** What an `embed` run embeds of a file: its text, or an image (empty text). */
function embedFileText(item: Exclude<InputItem, { kind: "row" }>): PromptOutcome {
  switch (item.kind) {
    case "text":
      return { ok: true, name: DEFAULT_PROMPT_NAME, text: item.text };
    case "image":
      return { ok: true, name: DEFAULT_PROMPT_NAME, text: "" };
    case "document":
    case "video":
      return { ok: false, name: DEFAULT_PROMPT_NAME, reason: `embedding models take text or images, not ${item.kind === "video" ? "video" : "documents"}` };
    default: {
      const unexpected: never = item;
      throw new Error(`unknown item ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * A resolver for one run. Throws a `UserFacingError` for a template or prompt column a data file lacks (listing its
 * columns) or a non-`{filename}` placeholder applied to a file.
 */
export function createPromptResolver(spec: PromptSpec): (item: InputItem) => PromptOutcome[] {
  const templates: CompiledPrompt[] =
    spec.mode === "template"
      ? [compile(DEFAULT_PROMPT_NAME, spec.template)]
      : spec.mode === "expanded"
        ? spec.prompts.map((prompt) => compile(prompt.name, prompt.template))
        : [];
  const templateNeeds = [...new Set(templates.flatMap((template) => template.columns))];
  const rowColumn = rowColumnOf(spec);
  const checkedFiles = new Set<string>();
  let filesChecked = false;
  /** The origin of the last row checked: consecutive rows of one file skip building its name. */
  let lastChecked: { source: string; member: string | undefined } | undefined;

  const checkRowColumns = (item: Extract<InputItem, { kind: "row" }>) => {
    const { source, member } = item.origin;
    if (lastChecked !== undefined && lastChecked.source === source && lastChecked.member === member) return;
    const file = fileOf(item);
    if (checkedFiles.has(file)) {
      lastChecked = { source, member };
      return;
    }
    const has = (column: string) => item.columns.includes(column);
    const missing = templateNeeds.filter((column) => !has(column));
    if (missing.length > 0) {
      throw new UserFacingError(
        `The prompt template uses ${braces(missing)}, but ${file} has the columns ${braces(item.columns)}. Write {{ and }} for literal braces.`,
      );
    }
    if (rowColumn !== undefined && !has(rowColumn)) {
      const what = spec.mode === "embed" ? "text column" : "prompt column";
      throw new UserFacingError(`The ${what} "${rowColumn}" is not in ${file}; its columns are: ${item.columns.join(", ")}.`);
    }
    checkedFiles.add(file);
    lastChecked = { source, member };
  };

  const checkFileColumns = (item: InputItem) => {
    if (filesChecked) return;
    const unknown = templateNeeds.filter((column) => column !== FILENAME);
    if (unknown.length > 0) {
      throw new UserFacingError(
        `The prompt template uses ${braces(unknown)}, but files such as ${describeOrigin(item.origin)} only provide {filename}. Write {{ and }} for literal braces.`,
      );
    }
    filesChecked = true;
  };

  const fillEach = (values: Readonly<Record<string, string>>): PromptOutcome[] =>
    templates.map(({ name, parts, columns }) => {
      const absent = columns.filter((column) => values[column] === undefined);
      return absent.length === 0
        ? { ok: true, name, text: fillTemplate(parts, values) }
        : { ok: false, name, reason: `the row has no ${braces(absent)} column` };
    });

  return (item) => {
    if (item.kind === "row") {
      checkRowColumns(item);
      switch (spec.mode) {
        case "single":
          return [{ ok: true, name: DEFAULT_PROMPT_NAME, text: `${spec.prompt}\n\n${formatRowForPrompt(item.columns, item.values)}` }];
        case "mapped":
        case "embed":
          return [columnText(rowColumn ?? DEFAULT_PROMPT_COLUMN, item.values)];
        case "template":
        case "expanded":
          return fillEach(item.values);
        default: {
          const unexpected: never = spec;
          throw new Error(`unknown prompt mode ${JSON.stringify(unexpected)}`);
        }
      }
    }
    switch (spec.mode) {
      case "single":
        return [{ ok: true, name: DEFAULT_PROMPT_NAME, text: spec.prompt }];
      case "mapped":
        return [{ ok: false, name: DEFAULT_PROMPT_NAME, reason: `mapped prompts come from the "${rowColumn ?? DEFAULT_PROMPT_COLUMN}" column of data rows; files have none` }];
      case "embed":
        return [embedFileText(item)];
      case "template":
      case "expanded":
        checkFileColumns(item);
        return fillEach({ [FILENAME]: item.filename });
      default: {
        const unexpected: never = spec;
        throw new Error(`unknown prompt mode ${JSON.stringify(unexpected)}`);
      }
    }
  };
}
