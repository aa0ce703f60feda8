/**
 * LanceDB: a real vector database in a local folder, nothing to run. One table per sink, rows
 * `{key, vector (float32 x dimension), metadata (JSON text)}`; metadata is one JSON column because records of one run
 * may carry different columns, and a table's schema is fixed when it is created. Upserts are a merge on `key`.
 */
import { connect, type Connection, type Table } from "@lancedb/lancedb";
import { UserFacingError } from "../errors/user-facing-error.ts";
import type { SinkMatch, SinkVector, VectorSink } from "./vector-sink.ts";

export interface LanceDbSinkOptions {
  /** Folder of the database (created if missing). */
  path: string;
  table: string;
}

/** Rows per merge: large enough that per-call overhead vanishes, small enough to keep memory flat. */
const LANCEDB_BATCH = 5_000;

interface LanceRow extends Record<string, unknown> {
  key: string;
  vector: number[];
  metadata: string;
}

const toRow = (vector: SinkVector): LanceRow => ({ key: vector.key, vector: [...vector.vector], metadata: JSON.stringify(vector.metadata) });

export function createLanceDbSink(options: LanceDbSinkOptions): VectorSink {
  let connection: Promise<Connection> | undefined;
  let table: Table | undefined;
  const db = (): Promise<Connection> => (connection ??= connect(options.path));

  async function existingTable(): Promise<Table | undefined> {
    if (table !== undefined) return table;
    const names = await (await db()).tableNames();
    if (names.includes(options.table)) table = await (await db()).openTable(options.table);
    return table;
  }

  async function storedDimension(target: Table): Promise<number | undefined> {
    const field = (await target.schema()).fields.find((candidate) => candidate.name === "vector");
    return (field?.type as { listSize?: number } | undefined)?.listSize;
  }

  async function checkDimension(target: Table, dimension: number): Promise<void> {
    const stored = await storedDimension(target);
    if (stored !== undefined && stored !== dimension) {
      throw new UserFacingError(`LanceDB table "${options.table}" holds ${stored}-dimension vectors; these have ${dimension}. Use another table for another model.`);
    }
  }

  return {
    description: `LanceDB table "${options.table}" in ${options.path}`,
    maxBatch: LANCEDB_BATCH,
    async upsert(vectors) {
      const first = vectors[0];
      if (first === undefined) return;
      const rows = vectors.map(toRow);
      const target = await existingTable();
      if (target === undefined) {
        table = await (await db()).createTable(options.table, rows);
        return;
      }
      await checkDimension(target, first.vector.length);
      await target.mergeInsert("key").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
    },
    async dimension() {
      const target = await existingTable();
      return target === undefined ? undefined : storedDimension(target);
    },
    async query(vector, topK) {
      const target = await existingTable();
      if (target === undefined) return [];
      const rows = (await target.vectorSearch([...vector]).distanceType("cosine").limit(topK).toArray()) as (LanceRow & { _distance: number })[];
      return rows.map((row): SinkMatch => ({ key: row.key, distance: row._distance, metadata: JSON.parse(row.metadata) as Record<string, string> }));
    },
    async close() {
      table?.close();
      if (connection !== undefined) (await connection).close();
      table = undefined;
      connection = undefined;
    },
  };
}

/** Rows in the sink's table (0 when it does not exist yet): what a load check counts. */
export async function countLanceDbRows(options: LanceDbSinkOptions): Promise<number> {
  const db = await connect(options.path);
  try {
    if (!(await db.tableNames()).includes(options.table)) return 0;
    const table = await db.openTable(options.table);
    const rows = await table.countRows();
    table.close();
    return rows;
  } finally {
    db.close();
  }
}
