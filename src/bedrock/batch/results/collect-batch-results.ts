/**
 * The whole results step in one call: outputs (S3 or local) + the plan's provenance -> joined results written to a
 * directory, with cost. The bot and the CLI (`batch results --from <dir> --plan <dir> --out <dir>`) both use it.
 */
import type { ModelConfig } from "../../../config/schema.ts";
import type { BatchOutputSource } from "./batch-output-source.ts";
import { computeBatchCost, type BatchCost } from "./compute-batch-cost.ts";
import type { FieldRequest } from "./extract-json-fields.ts";
import type { OutputSchema } from "../structured/output-schema.ts";
import { listLocalBatchOutput } from "./list-local-batch-output.ts";
import { readProvenanceFile, type PlanProvenance } from "./provenance-file.ts";
import { readBatchResults, type OutputLineReader } from "./read-batch-results.ts";
import type { BatchResults } from "./result-types.ts";
import { createFileVectorStore } from "./vector-store.ts";
import { writeBatchResultsToDirectory, type ResultFileKind } from "./write-batch-results.ts";
import type { VectorSink } from "../../sinks/vector-sink.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { writeEmbeddingsToSink, type SinkWriteOptions, type SinkWriteReport } from "../../sinks/write-embeddings-to-sink.ts";

/** Where an embedding run's vectors are loaded once its files are written. */
export interface SinkTarget extends SinkWriteOptions {
  sink: VectorSink;
  /** A refusal (no pgvector, another dimension) becomes `sinkRefusal` instead of failing the results (the bot's notice). */
  reportRefusal?: boolean;
}

export interface CollectBatchResultsOptions {
  /** One per job (`listS3BatchOutput`, `listLocalBatchOutput`). */
  sources: readonly BatchOutputSource[];
  plan: PlanProvenance;
  /** Directory the result files are written to (created if needed). */
  outDir: string;
  /** The model's on-demand prices; without them there is no cost in the summary. */
  prices?: Pick<ModelConfig, "price_in" | "price_out">;
  /** Structured extraction: field names, or `"auto"` when the prompt asked for JSON. */
  extract?: FieldRequest;
  /** A schema run's JSON Schema: its properties become columns and each answer is validated. */
  schema?: OutputSchema;
  /** Where embedding vectors spill while the outputs are joined (default: the OS temp dir). */
  tempDir?: string;
  /** How output files become parsed lines (default: streamed, echoes skipped); for benchmarks. */
  readLines?: OutputLineReader;
  /** See `FinishJoinOptions.shareOfJobs`. */
  shareOfJobs?: boolean;
  /** Also upsert the successful vectors into this sink (the caller opens and closes it). */
  sink?: SinkTarget;
}

export interface CollectedBatchResults {
  results: BatchResults;
  cost?: BatchCost;
  /** Paths written, by kind (`csv`, `jsonl`, `summary`, `problems`, `vectorsJsonl`, `vectorsNpy`). */
  files: Partial<Record<ResultFileKind, string>>;
  /** How many vectors went into the sink, when one was given. */
  sink?: SinkWriteReport;
  /** Why the sink took nothing, when `reportRefusal` was asked. */
  sinkRefusal?: string;
}

export async function collectBatchResults(options: CollectBatchResultsOptions): Promise<CollectedBatchResults> {
  const vectors = createFileVectorStore(options.tempDir);
  try {
    const results = await readBatchResults({
      sources: options.sources,
      provenance: options.plan.provenance,
      skipped: options.plan.skipped,
      vectors,
      extract: options.extract,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      readLines: options.readLines,
      ...(options.shareOfJobs === undefined ? {} : { shareOfJobs: options.shareOfJobs }),
    });
    const cost = options.prices === undefined ? undefined : computeBatchCost(results.tokens, options.prices);
    const files = await writeBatchResultsToDirectory(results, options.outDir, { vectors, cost });
    // After the files: a sink that refuses (no extension, wrong dimension) still leaves the user their results.
    if (options.sink === undefined) return { results, cost, files };
    try {
      return { results, cost, files, sink: await writeEmbeddingsToSink(results, vectors, options.sink.sink, options.sink) };
    } catch (error) {
      if (options.sink.reportRefusal !== true || !(error instanceof UserFacingError)) throw error;
      return { results, cost, files, sinkRefusal: error.message };
    }
  } finally {
    await vectors.close();
  }
}

export interface LocalBatchResultsOptions extends Omit<CollectBatchResultsOptions, "sources" | "plan"> {
  /** Directory of downloaded `*.jsonl.out` files and `manifest.json.out` (subdirectories: one job each). */
  fromDir: string;
  /** Directory written by `batch plan --out` (holds `provenance.jsonl`, `skipped.jsonl`). */
  planDir: string;
}

/** Offline mode: the same code path with file streams instead of S3 bodies. */
export async function collectLocalBatchResults(options: LocalBatchResultsOptions): Promise<CollectedBatchResults> {
  const { fromDir, planDir, ...rest } = options;
  const [sources, plan] = await Promise.all([listLocalBatchOutput(fromDir), readProvenanceFile(planDir)]);
  return collectBatchResults({ ...rest, sources, plan });
}
