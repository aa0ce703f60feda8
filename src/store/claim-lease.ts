/**
 * Leases: "I, `owner`, do `key` for the next `ttlMs`; nobody else may". Keyv has no compare-and-set, so the claim is
 * one atomic statement of each back end, reached through the keyv adapter's own connection:
 *
 * - redis: `SET <key> <owner> NX PX <ttl>` on the @keyv/redis adapter's client. Expiry is redis's own clock, so
 *   instances on different hosts agree; a dead claimer's key simply disappears.
 * - sqlite: one upsert on the @keyv/sqlite adapter's `query`, in a table of its own (`leases`, beside keyv's):
 *   insert the lease, or take over a row whose `expires_at` has passed; `RETURNING` says whether the row is ours.
 *   Expiry compares with the caller's clock (`now`): every process on one sqlite file shares the machine clock.
 *
 * A holder keeps a lease past its TTL by renewing it (`renewLease`, the same compare-then-write in one statement).
 *
 * Claims are not re-entrant: an owner that holds a lease and claims it again is refused like anyone else, so two
 * tasks of one process cannot both act on one key. A claimer slower than its TTL loses the guarantee (someone else
 * may claim the expired lease): choose TTLs far above the work they cover.
 */
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import { withAtomicBackend } from "./open-keyv.ts";

export const LEASES_NAMESPACE = "leases";

/** The sqlite table; a key there is `<namespace>:<key>`, like keyv's own. */
const LEASE_TABLE = "leases";

type LeaseClaim =
  /** Ours until `expiresAt` (epoch ms, as the claimer's clock sees it). */
  | { claimed: true; expiresAt: number }
  /** Someone holds it; `holder` is their owner id when the back end could still read it. */
  | { claimed: false; holder?: string };

export interface LeaseStore {
  /** Takes `key` for `ttlMs` unless someone holds an unexpired lease on it. */
  claimLease(key: string, owner: string, ttlMs: number): Promise<LeaseClaim>;
  /**
   * Extends `owner`'s unexpired lease on `key` to `ttlMs` from now (atomically: compare owner, then extend); false if
   * the lease expired or someone else holds it — the caller has lost it and must stop acting on `key`.
   */
  renewLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives `key` up if `owner` still holds it (atomically: never someone else's lease); true if it did. */
  releaseLease(key: string, owner: string): Promise<boolean>;
  /** Closes the connection (once, however often called); leases stay held until released or expired. */
  close(): Promise<void>;
}

export interface LeaseStoreOptions {
  /** Keys are kept apart under it (several bots or tests on one redis). Default `leases`. */
  namespace?: string;
  /** Epoch ms; sqlite only (redis expires keys on its own clock). Default `Date.now`. */
  now?: () => number;
}

export function openLeaseStore(url: string, options: LeaseStoreOptions = {}): LeaseStore {
  const namespace = options.namespace ?? LEASES_NAMESPACE;
  return withAtomicBackend(url, namespace, {
    sqlite: (adapter) => sqliteLeases(adapter, namespace, options.now ?? Date.now),
    redis: (adapter) => redisLeases(adapter, namespace),
  });
}

type LeaseClaims = Omit<LeaseStore, "close">;

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError(`lease TTL must be a positive whole number of ms, not ${ttlMs}`);
}

function sqliteLeases(adapter: KeyvSqlite, namespace: string, now: () => number): LeaseClaims {
  // Created once per connection, before the first claim; IF NOT EXISTS makes concurrent openers harmless.
  let table: Promise<unknown> | undefined;
  const query = async (sql: string, ...parameters: unknown[]): Promise<unknown[]> => {
    table ??= adapter.query(`CREATE TABLE IF NOT EXISTS ${LEASE_TABLE}(key VARCHAR(255) PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
    await table;
    return (await adapter.query(sql, ...parameters)) as unknown[];
  };
  const rowKey = (key: string) => `${namespace}:${key}`;
  return {
    async claimLease(key, owner, ttlMs) {
      checkTtl(ttlMs);
      const at = now();
      const expiresAt = at + ttlMs;
      // One statement, so SQLite's write lock makes it atomic across connections and processes. A conflicting row
      // is taken over only when expired; otherwise nothing is written and RETURNING yields no row.
      const won = await query(
        `INSERT INTO ${LEASE_TABLE}(key, owner, expires_at) VALUES(?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE ${LEASE_TABLE}.expires_at <= ?
         RETURNING owner`,
        rowKey(key),
        owner,
        expiresAt,
        at,
      );
      if (won.length > 0) return { claimed: true, expiresAt };
      const [held] = (await query(`SELECT owner FROM ${LEASE_TABLE} WHERE key = ?`, rowKey(key))) as { owner: string }[];
      return held === undefined ? { claimed: false } : { claimed: false, holder: held.owner };
    },
    async renewLease(key, owner, ttlMs) {
      checkTtl(ttlMs);
      const at = now();
      // An expired row is not renewed even if nobody took it yet: its owner may have been idle past the TTL, and
      // redis (where an expired key is gone) answers the same.
      const renewed = await query(
        `UPDATE ${LEASE_TABLE} SET expires_at = ? WHERE key = ? AND owner = ? AND expires_at > ? RETURNING key`,
        at + ttlMs,
        rowKey(key),
        owner,
        at,
      );
      return renewed.length > 0;
    },
    async releaseLease(key, owner) {
      const deleted = await query(`DELETE FROM ${LEASE_TABLE} WHERE key = ? AND owner = ? RETURNING key`, rowKey(key), owner);
      return deleted.length > 0;
    },
  };
}

/** Deletes the key only if it still holds this owner: GET and DEL in one script, so a lease taken over stays. */
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

/** Extends the key's TTL only if it still holds this owner: GET and PEXPIRE in one script. */
const RENEW_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;

/** Where a lease lives in redis (for `redis-cli` and tests). */
export function redisLeaseKey(namespace: string, key: string): string {
  return `${namespace}:lease:${key}`;
}

function redisLeases(adapter: KeyvRedis<unknown>, namespace: string): LeaseClaims {
  const redisKey = (key: string) => redisLeaseKey(namespace, key);
  return {
    async claimLease(key, owner, ttlMs) {
      checkTtl(ttlMs);
      const client = await adapter.getClient();
      const expiresAt = Date.now() + ttlMs;
      const reply = await client.set(redisKey(key), owner, { condition: "NX", expiration: { type: "PX", value: ttlMs } });
      if (reply === "OK") return { claimed: true, expiresAt };
      // Only for the caller's report: the holder may have expired or released by now.
      const holder = await client.get(redisKey(key));
      return holder === null ? { claimed: false } : { claimed: false, holder };
    },
    async renewLease(key, owner, ttlMs) {
      checkTtl(ttlMs);
      const client = await adapter.getClient();
      const renewed = await client.eval(RENEW_SCRIPT, { keys: [redisKey(key)], arguments: [owner, String(ttlMs)] });
      return renewed === 1;
    },
    async releaseLease(key, owner) {
      const client = await adapter.getClient();
      const deleted = await client.eval(RELEASE_SCRIPT, { keys: [redisKey(key)], arguments: [owner] });
      return deleted === 1;
    },
  };
}
