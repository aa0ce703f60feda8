/**
 * A deterministic shuffle: Fisher-Yates driven by mulberry32 seeded from a string, so a job's output order is
 * "not the input order" yet the same on every run.
 */
import { createHash } from "node:crypto";

export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const random = mulberry32(createHash("sha256").update(seed).digest().readUInt32BE(0));
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  return shuffled;
}

/** Small, well-known 32-bit PRNG; floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
