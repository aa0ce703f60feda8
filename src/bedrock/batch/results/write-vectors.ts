/**
 * Embedding results as files: `vectors.jsonl` (`{recordId, source, member?, row?, input?, vector}` per success, input
 * order; `input` holds the row's own kept fields)
 * and, when every vector has the same dimension, `vectors.npy` (float32, shape `[rows, dimensions]`, rows in the same
 * order) — loadable with `numpy.load` without parsing text.
 */
import { endianness } from "node:os";
import type { Writable } from "node:stream";
import type { EmbeddingOutput, ResultEntry, VectorRef } from "./result-types.ts";
import type { VectorStore } from "./vector-store.ts";
import { inputObject } from "./format-result-rows.ts";
import { streamInto } from "./stream-into.ts";

type EmbeddingEntry = ResultEntry & { status: "succeeded"; output: EmbeddingOutput<VectorRef> };

/** Successful embeddings, in input order. */
export function embeddingEntries(entries: readonly ResultEntry[]): EmbeddingEntry[] {
  return entries.filter((entry): entry is EmbeddingEntry => entry.status === "succeeded" && entry.output.kind === "embedding");
}

/** `[rows, dimensions]` of the `.npy` matrix, or `undefined` when there are no vectors or their dimensions differ. */
export function npyShape(entries: readonly ResultEntry[]): [number, number] | undefined {
  const embeddings = embeddingEntries(entries);
  const dimensions = embeddings[0]?.output.vector.dimensions;
  if (dimensions === undefined || embeddings.some((entry) => entry.output.vector.dimensions !== dimensions)) return undefined;
  return [embeddings.length, dimensions];
}

/** NPY format 1.0 header for a little-endian float32 C-order matrix. */
function npyHeader(rows: number, columns: number): Buffer {
  const dictionary = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${columns}), }`;
  // Magic (6) + version (2) + header length (2) + dictionary + padding + "\n" is a multiple of 64, so data is aligned.
  const unpadded = 10 + dictionary.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = `${dictionary}${" ".repeat(padding)}\n`;
  const header = Buffer.alloc(10 + text.length);
  header.write("\x93NUMPY", 0, "latin1");
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(text.length, 8);
  header.write(text, 10, "latin1");
  return header;
}

export async function writeVectorsJsonl(entries: readonly ResultEntry[], vectors: VectorStore, out: Writable): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    for (const entry of embeddingEntries(entries)) {
      const vector = Array.from(await vectors.get(entry.output.vector));
      const { source, member, row, columns } = entry.provenance;
      yield `${JSON.stringify({ recordId: entry.recordId, source, member, row, input: inputObject(columns), vector })}\n`;
    }
  }
  await streamInto(lines(), out);
}

/** Throws when the vectors do not share one dimension (check `npyShape` first). */
export async function writeVectorsNpy(entries: readonly ResultEntry[], vectors: VectorStore, out: Writable): Promise<void> {
  const shape = npyShape(entries);
  if (shape === undefined) throw new Error("vectors.npy needs at least one vector and one dimension for all");
  const [rows, columns] = shape;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield npyHeader(rows, columns);
    for (const entry of embeddingEntries(entries)) {
      const data = Buffer.from(Float32Array.from(await vectors.get(entry.output.vector)).buffer);
      // NPY says little-endian ('<f4'); typed arrays use the machine's order.
      yield endianness() === "LE" ? data : data.swap32();
    }
  }
  await streamInto(chunks(), out);
}
