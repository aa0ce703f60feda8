/**
 * Pipelines in the store: one row each (`batch-pipelines`, by id) and an index of the running ones, so the watcher's
 * cycle reads what is running, not every pipeline ever run. Write order, as for submissions: a running pipeline enters
 * the index before its row is written (an id without a row is dropped by the next `running()`); an ended one is
 * written, then leaves the index, and its row is kept for `FINISHED_TTL_MS` for `/batch status`.
 */
import { KeyvRepository } from "../../../store/keyv-repository.ts";
import { openKeyv } from "../../../store/open-keyv.ts";
import { openScoredIndex, type ScoredIndex } from "../../../store/scored-index.ts";
import type { Pipeline } from "./pipeline.ts";

const PIPELINES_NAMESPACE = "batch-pipelines";
const RUNNING_PIPELINES_INDEX = "batch-pipelines-running";
/** A finished pipeline is kept this long (its stages' submissions follow `[batch] keep_finished_days`). */
const FINISHED_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface PipelineStore {
  get(id: string): Promise<Pipeline | undefined>;
  save(pipeline: Pipeline): Promise<void>;
  /** Every pipeline still running, oldest first. */
  running(): Promise<Pipeline[]>;
  close(): Promise<void>;
}

export function openPipelineStore(url: string, namespacePrefix = ""): PipelineStore {
  const rows = new KeyvRepository<Pipeline>(openKeyv<Pipeline>(url, namespacePrefix + PIPELINES_NAMESPACE));
  return new IndexedPipelineStore(rows, openScoredIndex(url, namespacePrefix + RUNNING_PIPELINES_INDEX));
}

class IndexedPipelineStore implements PipelineStore {
  readonly #rows: KeyvRepository<Pipeline>;
  readonly #running: ScoredIndex;

  constructor(rows: KeyvRepository<Pipeline>, running: ScoredIndex) {
    this.#rows = rows;
    this.#running = running;
  }

  async get(id: string): Promise<Pipeline | undefined> {
    return this.#rows.get(id);
  }

  async save(pipeline: Pipeline): Promise<void> {
    if (pipeline.state === "running") {
      await this.#running.add(pipeline.id, Date.parse(pipeline.createdAt));
      await this.#rows.put(pipeline.id, pipeline);
      return;
    }
    await this.#rows.put(pipeline.id, pipeline, FINISHED_TTL_MS);
    await this.#running.remove(pipeline.id);
  }

  async running(): Promise<Pipeline[]> {
    const ids = await this.#running.ids();
    if (ids.length === 0) return [];
    const rows = await this.#rows.getMany(ids);
    const running: Pipeline[] = [];
    for (const [index, row] of rows.entries()) {
      if (row?.state === "running") running.push(row);
      else await this.#running.remove(ids[index] ?? "");
    }
    return running;
  }

  async close(): Promise<void> {
    await Promise.all([this.#rows.close(), this.#running.close()]);
  }
}
