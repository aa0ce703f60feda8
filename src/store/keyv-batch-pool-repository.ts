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
 *
 * `all()` reads an index of the pools that hold anything (`batch-pools-index`, an `IndexedRepository`) rather than
 * scanning the namespace, so the watcher's sweep costs the pools there are, not the store's size. A pool's score is
 * its deadline (epoch ms), 0 when it has none — that is, when only dispatches are left: the sweep meets first what
 * it must finish, then the pools whose deadline comes first. An id without its row is dropped under the pool's lease.
 */
import type { LeaseStore } from "./claim-lease.ts";
import type { BatchPoolRepository, WaitPool } from "./batch-pool.ts";
import { IndexedRepository } from "./indexed-repository.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import { createRunPerKey } from "./run-per-key.ts";
import type { ScoredIndex } from "./scored-index.ts";

export const BATCH_POOLS_NAMESPACE = "batch-pools";
export const BATCH_POOLS_INDEX = "batch-pools-index";

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

/** The pool's place in the index: its deadline, or 0 while it has none (only dispatches left). */
function poolScore(pool: WaitPool): number {
  return pool.deadline === undefined ? 0 : Date.parse(pool.deadline);
}

export class KeyvBatchPoolRepository implements BatchPoolRepository {
  readonly #store: IndexedRepository<WaitPool>;
  readonly #locking: PoolLocking | undefined;
  readonly #runPerKey = createRunPerKey();

  /** `rows` and `index` are closed by `close()`. */
  constructor(rows: KeyvRepository<WaitPool>, index: ScoredIndex, locking?: PoolLocking) {
    const dropGhost = (key: string) =>
      // Busy: another instance is writing the pool right now; a ghost still there is met again next time.
      this.#runPerKey(key, () => this.#withLock(key, () => this.#store.dropIfGone(key))).catch((error: unknown) => {
        if (!(error instanceof PoolBusyError)) throw error;
      });
    this.#store = new IndexedRepository({ rows, index, scoreOf: poolScore, idOf: (pool) => pool.key, dropGhost });
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

  close(): Promise<void> {
    return this.#store.close();
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
