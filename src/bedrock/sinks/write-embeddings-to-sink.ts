/**
 * An embedding run's successful vectors -> a vector sink, in batches the sink takes, each keyed by where its record
 * came from (so a re-run upserts the same keys) with the chosen input columns as metadata. Failed and unprocessed
 * records are never written; the report counts them so `written + not written = records`.
 */
import { UserFacingError } from "../errors/user-facing-error.ts";
import type { ResultEntry } from "../batch/results/result-types.ts";
import type { VectorStore } from "../batch/results/vector-store.ts";
import { embeddingEntries } from "../batch/results/write-vectors.ts";
import { sinkKeyOf, type SinkVector, type VectorSink } from "./vector-sink.ts";

export interface SinkWriteOptions {
  /** Input columns stored as metadata; default: every column the records carry. */
  metadataColumns?: readonly string[];
}

/** What a notice says: how many vectors went where, and how many records had none to write. */
export interface SinkWriteReport {
  sink: string;
  written: number;
  /** Records that failed or were not processed: nothing was written for them. */
  notWritten: number;
  /** Upsert calls made. */
  batches: number;
}

/** Metadata of one entry: where it came from, then the chosen own columns (a user's column wins a name clash). */
function sinkMetadataOf(entry: Pick<ResultEntry, "provenance">, columns: ReadonlySet<string> | undefined): Record<string, string> {
  const { source, member, row, columns: own = [] } = entry.provenance;
  const metadata: Record<string, string> = { source };
  if (member !== undefined) metadata.member = member;
  if (row !== undefined) metadata.row = String(row);
  for (const [name, value] of own) if (columns === undefined || columns.has(name)) metadata[name] = value;
  return metadata;
}

/** Refuses (before anything is written) metadata columns no record has, and vectors of mixed dimensions. */
function checkWritable(entries: readonly ResultEntry[], inputColumns: readonly string[], options: SinkWriteOptions): void {
  const unknown = (options.metadataColumns ?? []).filter((name) => !inputColumns.includes(name));
  if (unknown.length > 0) {
    throw new UserFacingError(`--metadata-columns names ${unknown.map((name) => `"${name}"`).join(", ")}, which the records do not carry; they have: ${inputColumns.join(", ") || "no columns"}.`);
  }
  const dimensions = new Set(embeddingEntries(entries).map((entry) => entry.output.vector.dimensions));
  if (dimensions.size > 1) throw new UserFacingError(`The vectors have different dimensions (${[...dimensions].join(", ")}); one table or index holds one dimension.`);
}

export async function writeEmbeddingsToSink(
  results: { entries: readonly ResultEntry[]; inputColumns: readonly string[] },
  vectors: VectorStore,
  sink: VectorSink,
  options: SinkWriteOptions = {},
): Promise<SinkWriteReport> {
  checkWritable(results.entries, results.inputColumns, options);
  const columns = options.metadataColumns === undefined ? undefined : new Set(options.metadataColumns);
  const embedded = embeddingEntries(results.entries);
  let batch: SinkVector[] = [];
  let batches = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await sink.upsert(batch);
    batches++;
    batch = [];
  };
  for (const entry of embedded) {
    const vector = Array.from(await vectors.get(entry.output.vector));
    batch.push({ key: sinkKeyOf(entry.provenance), vector, metadata: sinkMetadataOf(entry, columns) });
    if (batch.length >= sink.maxBatch) await flush();
  }
  await flush();
  return { sink: sink.description, written: embedded.length, notWritten: results.entries.length - embedded.length, batches };
}

/** `12 vectors written to LanceDB table "docs" in data/vectors (1 record failed or not processed: not written)`. */
export function describeSinkWrite(report: Pick<SinkWriteReport, "sink" | "written" | "notWritten">): string {
  const not = report.notWritten === 0 ? "" : ` (${report.notWritten} record${report.notWritten === 1 ? "" : "s"} failed or not processed: not written)`;
  return `${report.written} vector${report.written === 1 ? "" : "s"} written to ${report.sink}${not}`;
}
