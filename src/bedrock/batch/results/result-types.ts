/**
 * The vocabulary of batch results: what one `.jsonl.out` line says about one record, and what a whole run's outputs
 * say about every input once they are joined to the plan by recordId (never by position: Bedrock writes output lines
 * in another order than the input).
 */
import type { Provenance, SkippedInput } from "../batch-types.ts";

/**
 * Which response shape a `modelOutput` has. Output lines do not name the model, so the family is recognised by shape
 * (`detectOutputFamily`).
 */
export type OutputFamily =
  /** Converse response (Converse-type jobs), and Nova's native `messages-v1` response, which has the same shape. */
  | "converse"
  /** Anthropic messages response (InvokeModel-type jobs on Claude). */
  | "claude"
  /** Titan Text Embeddings V2 and Titan Multimodal Embeddings G1: `{embedding, inputTextTokenCount}`. */
  | "titan-embedding"
  /** Meta Llama: `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
  | "llama"
  /**
   * Mistral: `{outputs: [{text, stop_reason}]}`, or a chat-completion `{choices: [{message}]}` (Mistral Large 2, and
   * AI21 Jamba, which answers in the same shape).
   */
  | "mistral"
  /** Amazon Titan Text: `{inputTextTokenCount, results: [{tokenCount, outputText, completionReason}]}`. */
  | "titan-text"
  /** Cohere Command: `{generations: [{text, finish_reason}]}`; Command R / R+: `{text, finish_reason, response_id}`. */
  | "cohere"
  /** AI21 Jurassic-2: `{prompt: {tokens}, completions: [{data: {text, tokens}, finishReason: {reason}}]}`. */
  | "ai21"
  /** Anthropic Claude text completions (Claude 2 / Instant): `{completion, stop_reason, stop}`. */
  | "claude-text";

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the prompt cache, when the output reports them (Converse, Claude messages). */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache, when the output reports them. */
  cacheWriteInputTokens?: number;
}

/** Text a chat model produced for one record. */
export interface TextOutput {
  kind: "text";
  family: OutputFamily;
  /** Text blocks joined; non-text blocks (reasoning, tool use) are not part of it. */
  text: string;
  /** The model's reasoning (Converse `reasoningContent`, Claude `thinking` blocks), joined; absent when there was none. */
  reasoning?: string;
  /** As the model reported it (`end_turn`, `max_tokens`, `stop`, ...); not normalised across families. */
  stopReason?: string;
  /** Absent when the family reports none (Mistral text completion). */
  usage?: TokenUsage;
}

/**
 * A vector an embedding model produced. `V` is `number[]` when parsed from a line, and a `VectorRef` once the vector
 * has been moved out of the row into a vector store (rows are kept in memory until the run is joined; vectors are big).
 */
export interface EmbeddingOutput<V = number[]> {
  kind: "embedding";
  family: OutputFamily;
  vector: V;
  usage?: TokenUsage;
}

export type ModelOutput = TextOutput | EmbeddingOutput;

/** A `modelOutput` none of the family parsers understood, with what was seen instead. */
export interface UnrecognizedOutput {
  unrecognized: string;
}

/**
 * A per-record error. Bedrock's `errorCode` is an HTTP-like number (400); codes we assign ourselves when an output line
 * names a record but cannot be read are strings (`unrecognized_output`, `no_output`).
 */
export interface RecordError {
  errorCode: number | string;
  errorMessage: string;
}

/** What one output line says about one record. */
export type ResultRow<V = number[]> =
  | { recordId: string; status: "succeeded"; output: TextOutput | EmbeddingOutput<V> }
  | { recordId: string; status: "failed"; error: RecordError };

/** A line that does not name a record (not JSON, no recordId, truncated): reported, never fatal. */
interface MalformedLine {
  malformed: string;
}

export type ParsedOutputLine<V = number[]> = ResultRow<V> | MalformedLine;

/** Where a vector lives in a `VectorStore`. */
export interface VectorRef {
  index: number;
  dimensions: number;
}

/** Where an output line was: the job (or local directory) it belongs to, the `.out` file, 1-based line number. */
export interface OutputLocation {
  job: string;
  file: string;
  line: number;
}

/** Outcome of one planned record once the outputs are joined. */
type RecordOutcome =
  | { status: "succeeded"; output: TextOutput | EmbeddingOutput<VectorRef> }
  | { status: "failed"; error: RecordError }
  /** No output line named this record: the job stopped, expired or failed before reaching it. */
  | { status: "not_processed" };

/** One planned record with its outcome. */
export type ResultEntry = RecordOutcome & {
  recordId: string;
  provenance: Provenance;
  /** The output line the outcome came from; absent when not processed. */
  at?: OutputLocation;
  /** Structured extraction: requested field -> value (empty when not found). Only on text successes. */
  fields?: Record<string, string>;
  /** Schema runs: whether the answer validates against the run's JSON Schema, and ajv's errors when not. */
  schemaCheck?: { valid: boolean; error?: string };
  /** Things a human should know about this record (extraction failures, a duplicate output ignored). */
  notes: string[];
};

/** Output that could not be attached to exactly one planned record. */
export interface OutputProblem {
  kind: "malformed" | "unknown_record" | "duplicate";
  at: OutputLocation;
  recordId?: string;
  detail: string;
}

/**
 * Counts that always add up: `records = succeeded + failed + notProcessed`, `inputs = records + skipped`. Problems are
 * counted apart: they are outputs, not inputs.
 */
export interface ResultCounts {
  inputs: number;
  records: number;
  succeeded: number;
  failed: number;
  notProcessed: number;
  skipped: number;
  malformedLines: number;
  unknownRecords: number;
  duplicates: number;
}

/** Token totals of a run and where they came from. */
export interface TokenTotals {
  inputTokens: number;
  outputTokens: number;
  /** `manifest`: every job had a `manifest.json.out`; `records`: summed from per-record usage; `mixed`: some of each. */
  source: "manifest" | "records" | "mixed";
}

/** `manifest.json.out`, the job summary Bedrock writes next to the outputs. */
export interface BatchManifest {
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  inputTokenCount: number;
  outputTokenCount: number;
}

/** Everything a run's outputs say, joined to its plan. */
export interface BatchResults {
  /** One per planned record, in input (provenance) order. */
  entries: ResultEntry[];
  /** Inputs that never became records, from the plan. */
  skipped: SkippedInput[];
  problems: OutputProblem[];
  counts: ResultCounts;
  tokens: TokenTotals;
  /** Manifests found, by job. */
  manifests: Record<string, BatchManifest>;
  /** Columns added by structured extraction, in order. */
  fieldNames: string[];
  /** Set for schema runs: the CSV gets `schema_valid` and `schema_error` columns. */
  schemaName?: string;
  /** The input's own column names the entries carry (`Provenance.columns`), in first-seen input order. */
  inputColumns: string[];
  /** Sentences for the user (missing manifest, malformed lines, counts that disagree with a manifest). */
  warnings: string[];
}
