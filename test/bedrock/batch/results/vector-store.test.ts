import { describe, expect, it } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileVectorStore, createMemoryVectorStore } from "../../../../src/bedrock/batch/results/vector-store.ts";

describe("vector stores", () => {
  it("GIVEN more vectors than one flush WHEN read back out of order THEN the file store returns exact doubles and cleans up", async () => {
    const parent = await mkdtemp(join(tmpdir(), "vector-store-test-"));
    try {
      const store = createFileVectorStore(parent);
      const vectors = Array.from({ length: 300 }, (_, row) => Array.from({ length: 1024 }, (_, column) => row + column / 1e7 + 0.1));
      const refs = [];
      for (const vector of vectors) refs.push(await store.put(vector));
      expect(refs[1]).toEqual({ index: 1024, dimensions: 1024 });
      for (const row of [299, 0, 150, 1]) expect(Array.from(await store.get(refs[row]!))).toEqual(vectors[row]);
      await store.close();
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("GIVEN vectors of different sizes WHEN kept in memory THEN each comes back as put", async () => {
    const store = createMemoryVectorStore();
    const first = await store.put([1, 2, 3]);
    const second = await store.put([0.25]);
    expect(Array.from(await store.get(second))).toEqual([0.25]);
    expect(Array.from(await store.get(first))).toEqual([1, 2, 3]);
  });
});
