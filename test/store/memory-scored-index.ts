/** A `ScoredIndex` in memory, for unit tests whose rows are an in-memory keyv (same contract as `openScoredIndex`). */
import type { ScoredIndex } from "../../src/store/scored-index.ts";

export function memoryScoredIndex(): ScoredIndex {
  const scores = new Map<string, number>();
  const marks = new Set<string>();
  const sorted = () => [...scores].sort(([a, x], [b, y]) => x - y || a.localeCompare(b));
  return {
    add: (id, score) => Promise.resolve(void scores.set(id, score)),
    remove: (id) => Promise.resolve(void scores.delete(id)),
    ids: () => Promise.resolve(sorted().map(([id]) => id)),
    below: (score, limit) => Promise.resolve(sorted().filter(([, each]) => each < score).slice(0, limit).map(([id]) => id)),
    marked: (name) => Promise.resolve(marks.has(name)),
    mark: (name) => Promise.resolve(void marks.add(name)),
    close: () => Promise.resolve(),
  };
}
