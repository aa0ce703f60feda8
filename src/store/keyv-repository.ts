/**
 * A typed collection in one keyv namespace: get / put / delete by id and a full scan. Repositories of settings,
 * usage and batch jobs are built on it, so none of them knows which back end is underneath.
 */
import type Keyv from "keyv";

export class KeyvRepository<T> {
  readonly #keyv: Keyv<T>;

  constructor(keyv: Keyv<T>) {
    this.#keyv = keyv;
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.#keyv.get(id)) ?? undefined;
  }

  /** Several at once, in the order asked (one round trip where the back end has one). */
  async getMany(ids: readonly string[]): Promise<(T | undefined)[]> {
    const values = await this.#keyv.getMany<T>([...ids]);
    return values.map((value) => value ?? undefined);
  }

  /** @param ttlMs forget it after this long (the back end expires it); default never. */
  async put(id: string, value: T, ttlMs?: number): Promise<void> {
    const ok = await this.#keyv.set(id, value, ttlMs);
    if (!ok) throw new Error(`store: could not write "${id}"`);
  }

  async delete(id: string): Promise<void> {
    await this.#keyv.delete(id);
  }

  /** Every value of the namespace (order unspecified). */
  async all(): Promise<T[]> {
    const values: T[] = [];
    const iterator = this.#keyv.iterator;
    if (!iterator) throw new Error("store: this keyv back end cannot list keys");
    // keyv binds the iterator to its adapter's namespace; the argument is ignored.
    for await (const [, value] of iterator(undefined) as AsyncIterable<[string, T]>) values.push(value);
    return values;
  }

  /** Closes the connection (sqlite file handle or redis socket). */
  async close(): Promise<void> {
    await this.#keyv.disconnect();
  }
}
