/**
 * `BatchPoolRepository` on keyv: one namespace (`batch-pools`), one key per pool, the whole `WaitPool` as its value.
 *
 * An update is a read-modify-write: within a process they run one at a time per pool. Across instances on one
 * redis (or processes on one sqlite file), pass a `LeaseStore`: each update then holds the lease `pool:<key>` while
 * it reads and writes, and an update that finds it held fails with `PoolBusyError` instead of overwriting the other
 * instance's change. A contribution is never lost silently, and a full pool is taken by exactly one instance. Without
 * leases (one bot instance, the default), updates of one pool from two processes could lose one of them.
 *
 * The lease is normally held for the milliseconds of one read and one write, so a busy pool is tried again a few
 * times (short, growing pauses) before `PoolBusyError` is thrown.
 */
import type { LeaseStore } from "./claim-lease.ts";
import type { BatchPoolRepository, WaitPool } from "./batch-pool.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import { createRunPerKey } from "./run-per-key.ts";

export const BATCH_POOLS_NAMESPACE = "batch-pools";

/** Another instance is changing this pool right now: try again in a moment. */
export class PoolBusyError extends Error {
  constructor(readonly key: string) {
    super(`the waiting pool ${key} is being changed by another bot instance; try again in a moment`);
    this.name = "PoolBusyError";
  }
}

export interface PoolLocking {
  leases: Pick<LeaseStore, "claimLease" | "releaseLease">;
  /** This process's id (the lease owner). */
  instanceId: string;
  /** How long one update may hold the pool; default 30 s (an update is a read and a write). */
  lockMs?: number;
  /** Pauses before each new try of a busy pool, in ms; default 50, 150, 400 (three retries). */
  busyRetryMs?: readonly number[];
  /** Default: a real timer (tests pass one that lets the holder go instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_LOCK_MS = 30_000;
const DEFAULT_BUSY_RETRY_MS = [50, 150, 400];
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether the pool holds anything: waiting contributions, or taken ones not yet dispatched. */
function poolHoldsAnything(pool: WaitPool): boolean {
  return pool.contributions.length > 0 || (pool.dispatching?.length ?? 0) > 0;
}

export class KeyvBatchPoolRepository implements BatchPoolRepository {
  readonly #store: KeyvRepository<WaitPool>;
  readonly #locking: PoolLocking | undefined;
  readonly #runPerKey = createRunPerKey();

  constructor(store: KeyvRepository<WaitPool>, locking?: PoolLocking) {
    this.#store = store;
    this.#locking = locking;
  }

  get(key: string): Promise<WaitPool | undefined> {
    return this.#store.get(key);
  }

  async all(): Promise<WaitPool[]> {
    return (await this.#store.all()).filter(poolHoldsAnything);
  }

  update<R>(key: string, change: (pool: WaitPool | undefined) => { pool: WaitPool; result: R }): Promise<R> {
    return this.#runPerKey(key, () => this.#withLock(key, async () => {
      const { pool, result } = change(await this.#store.get(key));
      if (poolHoldsAnything(pool)) await this.#store.put(key, pool);
      else await this.#store.delete(key);
      return result;
    }));
  }

  async #withLock<R>(key: string, task: () => Promise<R>): Promise<R> {
    const locking = this.#locking;
    if (locking === undefined) return task();
    const lease = `pool:${key}`;
    const claim = () => locking.leases.claimLease(lease, locking.instanceId, locking.lockMs ?? DEFAULT_LOCK_MS);
    let claimed = (await claim()).claimed;
    for (const pause of claimed ? [] : (locking.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS)) {
      await (locking.sleep ?? realSleep)(pause);
      claimed = (await claim()).claimed;
      if (claimed) break;
    }
    if (!claimed) throw new PoolBusyError(key);
    try {
      return await task();
    } finally {
      await locking.leases.releaseLease(lease, locking.instanceId).catch(() => undefined);
    }
  }
}
