/**
 * USD per key (a guild's UTC day), added to atomically, so several bot instances on one store never lose an
 * addition (keyv alone can only read, add and write back: two instances at once keep one of the two). Like the
 * leases (`claim-lease.ts`), one atomic statement of each back end through the keyv adapter's own connection:
 *
 * - redis: `INCRBY` on `<namespace>:spend:<key>` in a script that also gives a new key its expiry;
 * - sqlite: one upsert adding to the row, in a table of its own (`spend`).
 *
 * Amounts are kept as whole nano-dollars (USD x 1e9): exact integer sums, where floats drift after thousands of
 * small additions. A chat turn costs at least a few hundred nano-dollars, so nothing metered rounds to zero.
 */
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import { withAtomicBackend } from "./open-keyv.ts";

const NANOS_PER_USD = 1e9;
const SPEND_TABLE = "spend";

export interface SpendCounter {
  /** Adds `usd` to `key`; the key is forgotten `ttlMs` after its first addition. */
  add(key: string, usd: number, ttlMs: number): Promise<void>;
  /** USD added to `key` (0 if none, or expired). */
  get(key: string): Promise<number>;
  close(): Promise<void>;
}

export function openSpendCounter(url: string, namespace: string, options: { now?: () => number } = {}): SpendCounter {
  return withAtomicBackend(url, namespace, {
    sqlite: (adapter) => sqliteCounter(adapter, namespace, options.now ?? Date.now),
    redis: (adapter) => redisCounter(adapter, namespace),
  });
}

function toNanos(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`spend: ${usd} is not an amount of USD`);
  return Math.round(usd * NANOS_PER_USD);
}

type Counting = Omit<SpendCounter, "close">;

function sqliteCounter(adapter: KeyvSqlite, namespace: string, now: () => number): Counting {
  let table: Promise<unknown> | undefined;
  const query = async (sql: string, ...parameters: unknown[]): Promise<unknown[]> => {
    // Created once per connection, and cleared of expired days then: rows are never read after their day anyway.
    table ??= adapter
      .query(`CREATE TABLE IF NOT EXISTS ${SPEND_TABLE}(key VARCHAR(255) PRIMARY KEY, nanos INTEGER NOT NULL, expires_at INTEGER NOT NULL)`)
      .then(() => adapter.query(`DELETE FROM ${SPEND_TABLE} WHERE expires_at <= ?`, now()));
    await table;
    return (await adapter.query(sql, ...parameters)) as unknown[];
  };
  const rowKey = (key: string) => `${namespace}:${key}`;
  return {
    async add(key, usd, ttlMs) {
      const nanos = toNanos(usd);
      const at = now();
      // One statement: SQLite's write lock makes it atomic across connections and processes. An expired row starts
      // again from this addition.
      await query(
        `INSERT INTO ${SPEND_TABLE}(key, nanos, expires_at) VALUES(?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET
           nanos = CASE WHEN ${SPEND_TABLE}.expires_at <= ? THEN excluded.nanos ELSE ${SPEND_TABLE}.nanos + excluded.nanos END,
           expires_at = CASE WHEN ${SPEND_TABLE}.expires_at <= ? THEN excluded.expires_at ELSE ${SPEND_TABLE}.expires_at END`,
        rowKey(key),
        nanos,
        at + ttlMs,
        at,
        at,
      );
    },
    async get(key) {
      const [row] = (await query(`SELECT nanos FROM ${SPEND_TABLE} WHERE key = ? AND expires_at > ?`, rowKey(key), now())) as { nanos: number }[];
      return row === undefined ? 0 : row.nanos / NANOS_PER_USD;
    },
  };
}

/** Where a counter lives in redis (for `redis-cli` and tests). */
function redisSpendKey(namespace: string, key: string): string {
  return `${namespace}:spend:${key}`;
}

/** INCRBY, then the expiry if the key has none yet (its first addition): one script, so atomic; no Redis 7 `NX`. */
const ADD_SCRIPT = `local total = redis.call("INCRBY", KEYS[1], ARGV[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return total`;

function redisCounter(adapter: KeyvRedis<unknown>, namespace: string): Counting {
  return {
    async add(key, usd, ttlMs) {
      const client = await adapter.getClient();
      await client.eval(ADD_SCRIPT, { keys: [redisSpendKey(namespace, key)], arguments: [String(toNanos(usd)), String(ttlMs)] });
    },
    async get(key) {
      const client = await adapter.getClient();
      const value = await client.get(redisSpendKey(namespace, key));
      return value === null ? 0 : Number(value) / NANOS_PER_USD;
    },
  };
}
