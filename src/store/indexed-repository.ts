/**
 * Rows in one keyv namespace with a `ScoredIndex` of their ids beside them, so that listing them reads the index and
 * the rows it names instead of a keyv scan, whose cost is the whole store's (every key of the redis database, every
 * row of the sqlite table) and so grows with everything the bot ever kept. For collections read every watcher cycle.
 *
 * Write order, so a process dying in between never loses a row from the index: an id enters the index before its
 * row is written, and a row is deleted before its id leaves. An id left without a row is dropped when a listing
 * meets it.
 *
 * Rows written before the index existed (a store from an earlier version) are entered once, on the first listing:
 * one scan of the namespace, then a marker kept with the index says it is done. A process that dies halfway imports
 * again; entering an id twice is harmless.
 */
import type { KeyvRepository } from "./keyv-repository.ts";
import type { ScoredIndex } from "./scored-index.ts";

const IMPORTED = "rows-imported";

export interface IndexedRepositoryOptions<T> {
  rows: KeyvRepository<T>;
  index: ScoredIndex;
  /** Where a row sits in the index (`below` reads by it). */
  scoreOf: (value: T) => number;
  /**
   * The id a row is stored under, for the one-time import (keyv's scan gives ids cut at the first `:`, wrong under a
   * `[storage] prefix` that has one).
   */
  idOf: (value: T) => string;
  /**
   * How an id found without its row leaves the index. Default `dropIfGone`; a repository whose writers hold a lock
   * runs it under that lock, so a writer between its index entry and its row is never undone.
   */
  dropGhost?: (id: string) => Promise<void>;
}

export class IndexedRepository<T> {
  readonly #rows: KeyvRepository<T>;
  readonly #index: ScoredIndex;
  readonly #scoreOf: (value: T) => number;
  readonly #idOf: (value: T) => string;
  readonly #dropGhost: (id: string) => Promise<void>;
  #imported: Promise<void> | undefined;

  constructor(options: IndexedRepositoryOptions<T>) {
    this.#rows = options.rows;
    this.#index = options.index;
    this.#scoreOf = options.scoreOf;
    this.#idOf = options.idOf;
    this.#dropGhost = options.dropGhost ?? ((id) => this.dropIfGone(id));
  }

  get(id: string): Promise<T | undefined> {
    return this.#rows.get(id);
  }

  async put(id: string, value: T): Promise<void> {
    await this.#index.add(id, this.#scoreOf(value));
    await this.#rows.put(id, value);
  }

  async delete(id: string): Promise<void> {
    await this.#rows.delete(id);
    await this.#index.remove(id);
  }

  /** Every row, lowest score first. */
  async all(): Promise<T[]> {
    await this.#importOnce();
    return this.#rowsOf(await this.#index.ids());
  }

  /** Rows scored below `score`, lowest first, at most `limit` (fewer when ids without rows were dropped). */
  async below(score: number, limit: number): Promise<T[]> {
    await this.#importOnce();
    return this.#rowsOf(await this.#index.below(score, limit));
  }

  /**
   * Takes `id` out of the index if its row is gone. Out first, then the row read again (entered again if it is
   * there): a writer that entered the id just before is undone only if its row write also waits past that read.
   */
  async dropIfGone(id: string): Promise<void> {
    if ((await this.#rows.get(id)) !== undefined) return;
    await this.#index.remove(id);
    const written = await this.#rows.get(id);
    if (written !== undefined) await this.#index.add(id, this.#scoreOf(written));
  }

  async close(): Promise<void> {
    await Promise.all([this.#rows.close(), this.#index.close()]);
  }

  async #rowsOf(ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const found = await this.#rows.getMany(ids);
    const rows: T[] = [];
    for (const [index, value] of found.entries()) {
      if (value !== undefined) rows.push(value);
      else await this.#dropGhost(ids[index] ?? "");
    }
    return rows;
  }

  #importOnce(): Promise<void> {
    this.#imported ??= this.#import().catch((error: unknown) => {
      // Tried again on the next listing.
      this.#imported = undefined;
      throw error;
    });
    return this.#imported;
  }

  async #import(): Promise<void> {
    if (await this.#index.marked(IMPORTED)) return;
    for (const value of await this.#rows.all()) await this.#index.add(this.#idOf(value), this.#scoreOf(value));
    await this.#index.mark(IMPORTED);
  }
}
