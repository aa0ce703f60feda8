/**
 * A store location of its own on each back end, for tests and benchmarks that open the real stores: a sqlite file in
 * a fresh temp folder, or a namespace prefix of its own on the local redis (`test-<what>-<uuid>:`), so a suite
 * running beside this one is never seen. `dispose` closes what was kept and removes what the place left behind: the
 * folder, or every redis key under the prefix.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deleteRedisKeys, REDIS_URL } from "../e2e/redis-keys.ts";

interface Closable {
  close(): Promise<void>;
}

export interface StorePlace {
  /** `[storage] url` of the place. */
  url: string;
  /** Put before every namespace opened on the place ("" on sqlite, whose file is the place's alone). */
  prefix: string;
  /** Closes `store` on `dispose`; returns it. */
  keep<T extends Closable>(store: T): T;
  dispose(): Promise<void>;
}

export interface StoreBackend {
  name: "sqlite" | "redis";
  /**
   * `what` names the user in the temp folder or key prefix, for whoever finds one left behind; `parent`: where a
   * sqlite place's folder is made (default the temp folder).
   */
  createPlace(what: string, parent?: string): Promise<StorePlace>;
}

function placeOf(url: string, prefix: string, removeLeftovers: () => Promise<void>): StorePlace {
  const kept: Closable[] = [];
  return {
    url,
    prefix,
    keep(store) {
      kept.push(store);
      return store;
    },
    async dispose() {
      try {
        await Promise.all(kept.splice(0).map((store) => store.close()));
      } finally {
        await removeLeftovers();
      }
    },
  };
}

const sqlitePlaces: StoreBackend = {
  name: "sqlite",
  async createPlace(what, parent = tmpdir()) {
    const dir = await mkdtemp(join(parent, `test-${what}-`));
    return placeOf(`sqlite://${join(dir, "bot.sqlite")}`, "", () => rm(dir, { recursive: true, force: true }));
  },
};

const redisPlaces: StoreBackend = {
  name: "redis",
  createPlace(what) {
    const prefix = `test-${what}-${randomUUID()}:`;
    return Promise.resolve(placeOf(REDIS_URL, prefix, () => deleteRedisKeys(`${prefix}*`)));
  },
};

export const STORE_BACKENDS = [sqlitePlaces, redisPlaces] as const;
