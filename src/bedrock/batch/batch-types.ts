/**
 * The vocabulary of a batch run, shared by inputs -> records (building), planning, jobs and results (joining).
 * Records are identified by ids WE assign; everything about where a record came from lives in its provenance, never
 * in the id (tools that parse ids for meaning, or join results by position, break: Bedrock writes outputs in another
 * order than the input).
 */

/** How prompts are applied to inputs (issue: single / template / mapped / expanded; embed has no prompt). */
export type PromptMode = "single" | "template" | "mapped" | "expanded" | "embed";

export const PROMPT_MODES: readonly PromptMode[] = ["single", "template", "mapped", "expanded", "embed"];

/**
 * One of the input's own fields: a CSV/TSV column or a JSONL/JSON object key, with its value as text. A list of pairs,
 * not an object, because the order is the input's and an object would move keys like `2024` to the front.
 */
export type InputColumn = readonly [name: string, value: string];

/** Where a record came from: enough to put its result next to its input for a human. */
export interface Provenance {
  /** The uploaded file or S3 key the record came from (`data.csv`, `photos.zip`). */
  source: string;
  /** Zip member path, when the record came from inside an archive (`imgs/cat.png`). */
  member?: string;
  /** 1-based data row for CSV/TSV/JSONL/JSON-array inputs (header excluded). */
  row?: number;
  /** Name of the prompt for `expanded` runs (several prompts per row); `"default"` otherwise. */
  prompt: string;
  /**
   * Data rows: the row's own fields the run keeps (all by default; see `ColumnSelection`), in input order, so results
   * carry the user's `id`, `title`, ... next to the outputs. Absent for files (text, images, documents, zip members).
   */
  columns?: readonly InputColumn[];
}

/** One line of a batch input file: `{"recordId", "modelInput"}`. */
export interface BatchRecord {
  recordId: string;
  /** Converse request body (without modelId) or a native InvokeModel body; JSON-ready (bytes are base64). */
  modelInput: Record<string, unknown>;
  provenance: Provenance;
  /** Media this record references by `s3Location` and that must be uploaded under the job's input folder. */
  media?: { key: string; bytes: Uint8Array; contentType: string }[];
  /** Rough input token estimate for cost planning (chars / 4, images at a flat rate). */
  estimatedInputTokens: number;
}

/** An input that could not become a record, with a reason a user understands. */
export interface SkippedInput {
  /** `file.csv row 17`, `photos.zip: notes/readme.exe`. */
  input: string;
  reason: string;
}
