/**
 * An index of ids ordered by a number (a time, as epoch ms): what keyv cannot give, since its only listing is a scan
 * of a whole namespace (redis SCANs every key of the database; sqlite reads the whole table). Open `/batch`
 * submissions and the archive's retention are read through one, so a poll cycle costs what is open, not the bot's
 * whole history.
 *
 * - redis: one sorted set, `<namespace>:index` (ZADD / ZREM / ZRANGE BY SCORE), on the @keyv/redis adapter's client;
 *   markers in a set, `<namespace>:markers`.
 * - sqlite: a table of its own (`scored_index`, beside keyv's) keyed by (namespace, id), with an index on the score;
 *   markers are its rows of namespace `<namespace>:markers`.
 * Each operation is one statement, so concurrent processes never see half an update.
 */
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import { withAtomicBackend } from "./open-keyv.ts";

export interface ScoredIndex {
  /** Adds `id` (or moves it to `score`). */
  add(id: string, score: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Every id, lowest score first. */
  ids(): Promise<string[]>;
  /** Ids whose score is below `score`, lowest first, at most `limit`. */
  below(score: number, limit: number): Promise<string[]>;
  /** Whether `mark(name)` was called: one-time work on the index (an import of older rows) is done. */
  marked(name: string): Promise<boolean>;
  mark(name: string): Promise<void>;
  close(): Promise<void>;
}

const TABLE = "scored_index";

export function openScoredIndex(url: string, namespace: string): ScoredIndex {
  return withAtomicBackend(url, namespace, {
    sqlite: (adapter) => sqliteIndex(adapter, namespace),
    redis: (adapter) => redisIndex(adapter, namespace),
  });
}

type IndexOperations = Omit<ScoredIndex, "close">;

function sqliteIndex(adapter: KeyvSqlite, namespace: string): IndexOperations {
  let table: Promise<unknown> | undefined;
  const query = async (sql: string, ...parameters: unknown[]): Promise<unknown[]> => {
    table ??= adapter
      .query(`CREATE TABLE IF NOT EXISTS ${TABLE}(namespace TEXT NOT NULL, id TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY(namespace, id))`)
      .then(() => adapter.query(`CREATE INDEX IF NOT EXISTS ${TABLE}_by_score ON ${TABLE}(namespace, score)`));
    await table;
    return (await adapter.query(sql, ...parameters)) as unknown[];
  };
  const idsOf = (rows: unknown[]) => (rows as { id: string }[]).map((row) => row.id);
  const markers = `${namespace}:markers`;
  return {
    async add(id, score) {
      await query(`INSERT INTO ${TABLE}(namespace, id, score) VALUES(?, ?, ?) ON CONFLICT(namespace, id) DO UPDATE SET score = excluded.score`, namespace, id, score);
    },
    async remove(id) {
      await query(`DELETE FROM ${TABLE} WHERE namespace = ? AND id = ?`, namespace, id);
    },
    async ids() {
      return idsOf(await query(`SELECT id FROM ${TABLE} WHERE namespace = ? ORDER BY score, id`, namespace));
    },
    async below(score, limit) {
      return idsOf(await query(`SELECT id FROM ${TABLE} WHERE namespace = ? AND score < ? ORDER BY score, id LIMIT ?`, namespace, score, limit));
    },
    async marked(name) {
      return (await query(`SELECT id FROM ${TABLE} WHERE namespace = ? AND id = ?`, markers, name)).length > 0;
    },
    async mark(name) {
      await query(`INSERT INTO ${TABLE}(namespace, id, score) VALUES(?, ?, 0) ON CONFLICT(namespace, id) DO NOTHING`, markers, name);
    },
  };
}

function redisIndex(adapter: KeyvRedis<unknown>, namespace: string): IndexOperations {
  const key = `${namespace}:index`;
  const markers = `${namespace}:markers`;
  return {
    async add(id, score) {
      await (await adapter.getClient()).zAdd(key, { score, value: id });
    },
    async remove(id) {
      await (await adapter.getClient()).zRem(key, id);
    },
    async ids() {
      return (await adapter.getClient()).zRange(key, 0, -1);
    },
    async below(score, limit) {
      return (await adapter.getClient()).zRange(key, "-inf", `(${score}`, { BY: "SCORE", LIMIT: { offset: 0, count: limit } });
    },
    async marked(name) {
      return (await (await adapter.getClient()).sIsMember(markers, name)) === 1;
    },
    async mark(name) {
      await (await adapter.getClient()).sAdd(markers, name);
    },
  };
}
