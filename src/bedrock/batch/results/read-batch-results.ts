/**
 * A run's outputs -> results joined to its plan: every job's `*.out` files streamed line by line (one line in memory
 * at a time), each line parsed without its echoed input, vectors moved to a store, rows joined by recordId.
 */
import type { Provenance, SkippedInput } from "../batch-types.ts";
import type { BatchOutputSource, OutputFile } from "./batch-output-source.ts";
import type { FieldRequest } from "./extract-json-fields.ts";
import type { OutputSchema } from "../structured/output-schema.ts";
import { skipJsonWhitespace } from "./find-json-value-end.ts";
import { addOutputLine, createResultsJoin, finishResultsJoin } from "./join-batch-results.ts";
import { parseBatchOutputLine } from "./parse-batch-output-line.ts";
import { parseManifest } from "./parse-manifest.ts";
import type { BatchManifest, BatchResults, OutputLocation, ParsedOutputLine, VectorRef } from "./result-types.ts";
import { splitLines } from "./split-lines.ts";
import type { VectorStore } from "./vector-store.ts";

/** A parsed line and where it was. */
export interface LocatedOutputLine {
  parsed: ParsedOutputLine;
  at: OutputLocation;
}

/** How a file becomes parsed lines. */
export type OutputLineReader = (file: OutputFile, job: string) => AsyncIterable<LocatedOutputLine>;

export interface ReadBatchResultsOptions {
  /** One per job (or local directory). */
  sources: readonly BatchOutputSource[];
  /** recordId -> provenance, in input order (see `readProvenanceFile`). */
  provenance: ReadonlyMap<string, Provenance>;
  skipped: readonly SkippedInput[];
  /** Where embedding vectors wait until they are written; the caller closes it after writing. */
  vectors: VectorStore;
  /** Structured extraction of fields from output text. */
  extract?: FieldRequest;
  /** A schema run's JSON Schema (see `FinishJoinOptions.schema`). */
  schema?: OutputSchema;
  /** Default `readOutputLines`; the throughput benchmark swaps in a naive reader to compare. */
  readLines?: OutputLineReader;
  /** See `FinishJoinOptions.shareOfJobs`. */
  shareOfJobs?: boolean;
}

/** Lines of one output file, parsed. Blank lines are skipped but counted, so line numbers match an editor's. */
export async function* readOutputLines(file: OutputFile, job: string): AsyncGenerator<LocatedOutputLine> {
  let line = 0;
  for await (const bytes of splitLines(file.open())) {
    line++;
    if (isBlank(bytes)) continue;
    yield { parsed: parseBatchOutputLine(bytes), at: { job, file: file.name, line } };
  }
}

export async function readBatchResults(options: ReadBatchResultsOptions): Promise<BatchResults> {
  const readLines = options.readLines ?? readOutputLines;
  const join = createResultsJoin(options.provenance);
  const manifests = new Map<string, BatchManifest>();
  const warnings: string[] = [];
  for (const source of options.sources) {
    const manifestText = await source.readManifest();
    if (manifestText !== undefined) {
      const manifest = parseManifest(manifestText);
      if ("manifest" in manifest) manifests.set(source.job, manifest.manifest);
      else warnings.push(`${source.job}: ${manifest.problem}`);
    }
    for (const file of source.files) {
      for await (const { parsed, at } of readLines(file, source.job)) {
        addOutputLine(join, await storeVector(parsed, options.vectors), at);
      }
    }
  }
  return finishResultsJoin(join, {
    skipped: options.skipped,
    jobs: options.sources.map((source) => source.job),
    manifests,
    warnings,
    extract: options.extract,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.shareOfJobs === undefined ? {} : { shareOfJobs: options.shareOfJobs }),
  });
}

/** Moves an embedding's vector into the store, leaving a ref in the row. */
async function storeVector(parsed: ParsedOutputLine, vectors: VectorStore): Promise<ParsedOutputLine<VectorRef>> {
  if ("malformed" in parsed || parsed.status === "failed") return parsed;
  const { output } = parsed;
  if (output.kind === "text") return { ...parsed, output };
  return { ...parsed, output: { ...output, vector: await vectors.put(output.vector) } };
}

function isBlank(bytes: Buffer): boolean {
  return skipJsonWhitespace(bytes, 0) === bytes.length;
}
