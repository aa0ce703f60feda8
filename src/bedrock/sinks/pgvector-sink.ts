/**
 * PostgreSQL with the pgvector extension. The table is created on first write if missing —
 * `(key text primary key, embedding vector(<dimension>), metadata jsonb)` with an HNSW index for cosine distance — and
 * written with `INSERT ... ON CONFLICT (key) DO UPDATE`, so a re-run replaces rows. A server without the extension is
 * refused with a sentence naming it, before any table is made.
 */
import pg from "pg";
import { UserFacingError } from "../errors/user-facing-error.ts";
import { errorMessage } from "../../format/error-message.ts";
import type { SinkMatch, SinkVector, VectorSink } from "./vector-sink.ts";

export interface PgVectorSinkOptions {
  /** `postgres://user@host:5432/db` (a secret: never printed). */
  url: string;
  /** Plain identifier (letters, digits, `_`), checked by the config schema. */
  table: string;
}

/** Rows per INSERT: 3 parameters each, far under PostgreSQL's 65,535 per statement. */
const PG_BATCH = 500;

/** `[0.1,0.2]`: pgvector's text form. */
const vectorLiteral = (vector: readonly number[]): string => `[${vector.join(",")}]`;

/** The host (never the password) for messages and notices. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "(unparsable url)";
  }
}

export function createPgVectorSink(options: PgVectorSinkOptions): VectorSink {
  const pool = new pg.Pool({ connectionString: options.url, max: 2 });
  const table = `"${options.table}"`;
  const server = describeServer(options.url);
  let ready: number | undefined;

  /** Creates extension, table and index if missing; returns the table's dimension. */
  async function ensureTable(dimension: number): Promise<number> {
    if (ready !== undefined) return ready;
    try {
      await pool.query("CREATE EXTENSION IF NOT EXISTS vector");
    } catch (error) {
      throw new UserFacingError(
        `PostgreSQL at ${server} has no pgvector extension ("CREATE EXTENSION vector" failed: ${errorMessage(error)}). Install pgvector on that server, or use a lancedb sink.`,
      );
    }
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, embedding vector(${dimension}) NOT NULL, metadata jsonb NOT NULL)`);
    await pool.query(`CREATE INDEX IF NOT EXISTS "${options.table}_embedding_hnsw" ON ${table} USING hnsw (embedding vector_cosine_ops)`);
    ready = (await tableDimension()) ?? dimension;
    return ready;
  }

  /** pgvector keeps a column's dimension as its type modifier; undefined when the table does not exist. */
  async function tableDimension(): Promise<number | undefined> {
    const typmod = await pool.query<{ atttypmod: number }>(
      "SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'embedding'",
      [table],
    );
    return typmod.rows[0]?.atttypmod;
  }

  return {
    description: `pgvector table "${options.table}" on ${server}`,
    maxBatch: PG_BATCH,
    async upsert(vectors) {
      const first = vectors[0];
      if (first === undefined) return;
      const stored = await ensureTable(first.vector.length);
      if (stored !== first.vector.length) {
        throw new UserFacingError(`pgvector table "${options.table}" holds ${stored}-dimension vectors; these have ${first.vector.length}.`);
      }
      // One statement may not update a key twice: the last vector for a key wins, as separate upserts would.
      const byKey = new Map<string, SinkVector>(vectors.map((vector) => [vector.key, vector]));
      const values: string[] = [];
      const parameters: string[] = [];
      for (const vector of byKey.values()) {
        const at = parameters.length;
        values.push(`($${at + 1}, $${at + 2}::vector, $${at + 3}::jsonb)`);
        parameters.push(vector.key, vectorLiteral(vector.vector), JSON.stringify(vector.metadata));
      }
      await pool.query(
        `INSERT INTO ${table} (key, embedding, metadata) VALUES ${values.join(", ")} ON CONFLICT (key) DO UPDATE SET embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata`,
        parameters,
      );
    },
    dimension: tableDimension,
    async query(vector, topK) {
      const result = await pool.query<{ key: string; distance: number; metadata: Record<string, string> }>(
        `SELECT key, metadata, embedding <=> $1::vector AS distance FROM ${table} ORDER BY embedding <=> $1::vector LIMIT $2`,
        [vectorLiteral(vector), topK],
      );
      return result.rows.map((row): SinkMatch => ({ key: row.key, distance: Number(row.distance), metadata: row.metadata }));
    },
    async close() {
      await pool.end();
    },
  };
}
