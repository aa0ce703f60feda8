/**
 * Where embedding vectors wait between reading the outputs (in Bedrock's order) and writing the vectors file (in input
 * order). A 50,000-record job of 1024-dimension vectors is 400 MB of doubles: too much to keep beside the rows, so the
 * file store spills them to a temporary file and reads each back once. The memory store is for small runs and tests.
 *
 * Values are kept as float64, exactly as parsed, so `vectors.jsonl` repeats Bedrock's numbers digit for digit.
 */
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VectorRef } from "./result-types.ts";

export interface VectorStore {
  /** Keep a vector; the ref says where. */
  put(vector: readonly number[]): Promise<VectorRef>;
  get(ref: VectorRef): Promise<Float64Array>;
  /** Release memory or delete the temporary file. */
  close(): Promise<void>;
}

export function createMemoryVectorStore(): VectorStore {
  const vectors: Float64Array[] = [];
  return {
    put(vector) {
      vectors.push(Float64Array.from(vector));
      return Promise.resolve({ index: vectors.length - 1, dimensions: vector.length });
    },
    get(ref) {
      const vector = vectors[ref.index];
      if (vector === undefined) return Promise.reject(new Error(`no vector at ${ref.index}`));
      return Promise.resolve(vector);
    },
    close() {
      vectors.length = 0;
      return Promise.resolve();
    },
  };
}

/** Writes are gathered up to this size before they go to the file. */
const FLUSH_BYTES = 1 << 20;

/** A store backed by a temporary file under `parentDir` (default: the OS temp dir), deleted by `close`. */
export function createFileVectorStore(parentDir: string = tmpdir()): VectorStore {
  let dir: string | undefined;
  let file: FileHandle | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Bytes already in the file. */
  let written = 0;

  async function handle(): Promise<FileHandle> {
    if (file === undefined) {
      dir = await mkdtemp(join(parentDir, "bedrock-vectors-"));
      file = await open(join(dir, "vectors.f64"), "w+");
    }
    return file;
  }

  async function flush(): Promise<void> {
    if (pendingBytes === 0) return;
    const target = await handle();
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await target.write(chunk, 0, chunk.length, written);
    written += chunk.length;
  }

  return {
    async put(vector) {
      const bytes = Buffer.from(Float64Array.from(vector).buffer);
      // `index` counts float64 elements from the start of the file.
      const ref = { index: (written + pendingBytes) / Float64Array.BYTES_PER_ELEMENT, dimensions: vector.length };
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) await flush();
      return ref;
    },
    async get(ref) {
      await flush();
      const target = await handle();
      const bytes = Buffer.alloc(ref.dimensions * Float64Array.BYTES_PER_ELEMENT);
      const { bytesRead } = await target.read(bytes, 0, bytes.length, ref.index * Float64Array.BYTES_PER_ELEMENT);
      if (bytesRead !== bytes.length) throw new Error(`vector store: short read at ${ref.index}`);
      return new Float64Array(bytes.buffer, bytes.byteOffset, ref.dimensions);
    },
    async close() {
      pending = [];
      pendingBytes = 0;
      await file?.close();
      file = undefined;
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}
