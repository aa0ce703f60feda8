/**
 * The input of a pipeline's next stage: one JSONL row per original record that succeeded in every stage so far, its
 * prompt filled from the stage's template (`{output}`: the previous stage's output; `{stageN_output}`; the record's
 * id and place; the original row's own columns, which our names win over). Records that failed earlier are not sent
 * again; they stay failed in the trace. A placeholder that is none of these for any record is refused. Pure.
 */
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { fillTemplate, parseTemplate, templateColumns } from "../records/prompt-template.ts";
import { DEFAULT_PROMPT_COLUMN } from "../records/prompt-spec.ts";
import { stageOutputColumn, stageTemplateColumns } from "./pipeline-spec.ts";
import type { TracedRecord } from "./trace-pipeline-records.ts";

/** The column of the generated input that holds each row's prompt (or text to embed). */
export const STAGE_PROMPT_COLUMN = DEFAULT_PROMPT_COLUMN;

export interface StageInput {
  /** File name of the generated input (shows in the stage's provenance). */
  filename: string;
  jsonl: string;
  /** The original record id of each row, in row order. */
  inputIds: string[];
}

/** `stage`: the stage to build (2 or more); `records` traced through stage `stage - 1`. */
export function chainStageInputs(records: readonly TracedRecord[], stage: number, template: string): StageInput {
  const parts = parseTemplate(template);
  const known = new Set([...stageTemplateColumns(stage), ...records.flatMap((record) => Object.keys(record.input ?? {}))]);
  const unknown = templateColumns(parts).filter((column) => !known.has(column));
  if (unknown.length > 0) throw new UserFacingError(`Stage ${stage} refers to {${unknown.join("}, {")}}, which is neither one of ours nor a column of the input.`);
  const lines: string[] = [];
  const inputIds: string[] = [];
  for (const record of records) {
    const last = record.cells[stage - 2];
    if (record.cells.length !== stage - 1 || last?.status !== "succeeded") continue;
    const values: Record<string, string> = {
      ...record.input,
      output: last.output,
      record_id: record.recordId,
      source: record.source,
      member: record.member ?? "",
      row: record.row === undefined ? "" : String(record.row),
    };
    for (const [index, cell] of record.cells.entries()) values[stageOutputColumn(index + 1)] = cell.status === "succeeded" ? cell.output : "";
    lines.push(JSON.stringify({ [STAGE_PROMPT_COLUMN]: fillTemplate(parts, values) }));
    inputIds.push(record.recordId);
  }
  return { filename: `stage-${stage}.jsonl`, jsonl: lines.length === 0 ? "" : `${lines.join("\n")}\n`, inputIds };
}
