/**
 * Lease stores on both back ends for tests: a "place" is one store location (a sqlite temp file, or a unique
 * namespace on the local redis) that any number of stores can open, like bot instances sharing `[storage] url`.
 * `passTime` moves time on for every lease of the place, without sleeping: the fake clock on sqlite; on redis each
 * lease's remaining TTL is cut by the same amount (PEXPIRE), or the key expired at once when nothing would remain.
 */
import { createClient } from "@keyv/redis";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLeaseStore, redisLeaseKey, type LeaseStore } from "../../src/store/claim-lease.ts";

const REDIS_URL = "redis://127.0.0.1:6379";

export interface LeasePlace {
  url: string;
  namespace: string;
  /** A new connection to the place's leases (a new process, as far as the store can tell). */
  open(): LeaseStore;
  passTime(ms: number): Promise<void>;
  /** Closes what `open` opened and removes what the place left behind. */
  dispose(): Promise<void>;
}

export interface LeaseBackend {
  name: "sqlite" | "redis";
  createPlace(): Promise<LeasePlace>;
}

export const sqliteBackend: LeaseBackend = {
  name: "sqlite",
  async createPlace() {
    const url = `sqlite://${join(await mkdtemp(join(tmpdir(), "leases-")), "bot.sqlite")}`;
    const namespace = `test-${randomUUID()}`;
    let now = Date.UTC(2025, 2, 1, 12, 0, 0);
    const opened: LeaseStore[] = [];
    return {
      url,
      namespace,
      open() {
        const store = openLeaseStore(url, { namespace, now: () => now });
        opened.push(store);
        return store;
      },
      passTime(ms) {
        now += ms;
        return Promise.resolve();
      },
      async dispose() {
        await Promise.all(opened.splice(0).map((store) => store.close()));
      },
    };
  },
};

const redisBackend: LeaseBackend = {
  name: "redis",
  async createPlace() {
    const namespace = `test-${randomUUID()}`;
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    const opened: LeaseStore[] = [];
    const leaseKeys = () => client.keys(redisLeaseKey(namespace, "*"));
    return {
      url: REDIS_URL,
      namespace,
      open() {
        const store = openLeaseStore(REDIS_URL, { namespace });
        opened.push(store);
        return store;
      },
      async passTime(ms) {
        for (const key of await leaseKeys()) {
          const left = await client.pTTL(key);
          if (left < 0) continue;
          // A time in the past deletes the key, exactly as if its TTL had run out.
          if (left <= ms) await client.pExpireAt(key, 1);
          else await client.pExpire(key, left - ms);
        }
      },
      async dispose() {
        await Promise.all(opened.splice(0).map((store) => store.close()));
        const keys = await leaseKeys();
        if (keys.length > 0) await client.del(keys);
        await client.quit();
      },
    };
  },
};

export const LEASE_BACKENDS = [sqliteBackend, redisBackend] as const;
