/**
 * The stages that follow a batch run's first one: each a template over the previous stage's output (`{output}`), the
 * earlier stages' outputs (`{stage1_output}`, ...), where the record came from (`{record_id}`, `{source}`, `{member}`,
 * `{row}`) and the original row's own columns (`{title}`), optionally on another model. Given as repeated `--then "<template>"` flags (`/batch submit then:`) or as a
 * small TOML or JSON file of `[[stages]]`. Pure; a bad file or template is a `UserFacingError` that says what to fix.
 */
import { parse as parseToml, TomlError } from "smol-toml";
import { z } from "zod";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { parseTemplate, templateColumns } from "../records/prompt-template.ts";

/** One follow-up stage. */
export interface PipelineStageSpec {
  /** Filled per record from the previous stages (see `stageTemplateColumns`). */
  template: string;
  /** `[[models]]` name; default: the first stage's model. */
  model?: string;
  system?: string;
  maxTokens?: number;
}

/** A pipeline of at most this many stages (the first one included): each stage is a batch job of its own, a day long at worst. */
export const MAX_PIPELINE_STAGES = 5;

/** Placeholders every follow-up stage may use besides `{stageN_output}` of the stages before it. */
const RECORD_COLUMNS = ["output", "record_id", "source", "member", "row"] as const;

const STAGE_OUTPUT = /^stage\d+_output$/;

/** The column holding stage `stage`'s output in the next stages' rows and in the joined results (1-based). */
export function stageOutputColumn(stage: number): string {
  return `stage${stage}_output`;
}

/** What stage `stage` (2-based: the first follow-up is stage 2) may refer to. */
export function stageTemplateColumns(stage: number): string[] {
  return [...RECORD_COLUMNS, ...Array.from({ length: stage - 1 }, (_, index) => stageOutputColumn(index + 1))];
}

const stageSchema = z
  .object({
    template: z.string().trim().min(1, "a stage's template is empty"),
    model: z.string().min(1).optional(),
    system: z.string().optional(),
    max_tokens: z.number().int().positive().optional(),
  })
  .strict();

const fileSchema = z.object({ stages: z.array(stageSchema).min(1, "a pipeline file lists at least one stage") }).strict();

/** `--then` flags, in order. */
export function stagesFromThen(templates: readonly string[]): PipelineStageSpec[] {
  return checkStages(templates.map((template) => ({ template })));
}

/** A pipeline file (`.toml`, or `.json`): `[[stages]]` with `template`, and optionally `model`, `system`, `max_tokens`. */
export function parsePipelineFile(filename: string, text: string): PipelineStageSpec[] {
  let data: unknown;
  try {
    data = filename.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseToml(text);
  } catch (error) {
    const detail = error instanceof TomlError || error instanceof SyntaxError ? error.message.split("\n")[0] : String(error);
    throw new UserFacingError(`The pipeline file ${filename} could not be read: ${detail ?? "not TOML or JSON"}.`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    throw new UserFacingError(`The pipeline file ${filename} is not a pipeline${where}: ${issue?.message ?? "unknown shape"}.`);
  }
  return checkStages(
    parsed.data.stages.map((stage) => ({
      template: stage.template,
      ...(stage.model === undefined ? {} : { model: stage.model }),
      ...(stage.system === undefined ? {} : { system: stage.system }),
      ...(stage.max_tokens === undefined ? {} : { maxTokens: stage.max_tokens }),
    })),
  );
}

/** Refuses more stages than `MAX_PIPELINE_STAGES` and placeholders a stage cannot fill. */
function checkStages(stages: PipelineStageSpec[]): PipelineStageSpec[] {
  if (stages.length + 1 > MAX_PIPELINE_STAGES) {
    throw new UserFacingError(`A pipeline has at most ${MAX_PIPELINE_STAGES} stages (the first run and ${MAX_PIPELINE_STAGES - 1} more), not ${stages.length + 1}.`);
  }
  for (const [index, stage] of stages.entries()) {
    const number = index + 2;
    if (stage.template.trim() === "") throw new UserFacingError(`Stage ${number}'s template is empty.`);
    // Other names are the input's own columns, known once the first stage's results are.
    const known = stageTemplateColumns(number);
    const ahead = templateColumns(parseTemplate(stage.template)).filter((column) => STAGE_OUTPUT.test(column) && !known.includes(column));
    if (ahead.length > 0) {
      throw new UserFacingError(`Stage ${number} refers to {${ahead.join("}, {")}}; a stage can use ${known.map((column) => `{${column}}`).join(", ")} and the input's own columns.`);
    }
  }
  return stages;
}
