/**
 * The pgvector sink against the machine's real PostgreSQL (PG_URL, default postgres://postgres@127.0.0.1:5432/test).
 * Where `CREATE EXTENSION vector` fails (no pgvector package on the server), only what that proves is run — the sink
 * refuses with a sentence naming the extension and creates no table — and the vector round trip is SKIPPED, loudly:
 * its name says why, and a warning is printed. It is never reported as passed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPgVectorSink } from "../../../src/bedrock/sinks/pgvector-sink.ts";
import { UserFacingError } from "../../../src/bedrock/errors/user-facing-error.ts";
import { errorMessage } from "../../../src/format/error-message.ts";

const PG_URL = process.env.PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TABLE = `bdb_sink_test_${process.pid}`;

/** What the server says to `CREATE EXTENSION vector`: undefined when it worked, else why not (or that there is no server). */
async function probe(): Promise<{ reachable: boolean; missing?: string }> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    return { reachable: false, missing: `no PostgreSQL at ${PG_URL}: ${errorMessage(error)}` };
  }
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    return { reachable: true };
  } catch (error) {
    return { reachable: true, missing: errorMessage(error) };
  } finally {
    await client.end();
  }
}

const found = await probe();
const vectorReason = found.missing === undefined ? "" : ` — SKIPPED, NOT RUN: this PostgreSQL has no pgvector (${found.missing})`;
if (found.missing !== undefined) console.warn(`\n⚠️  pgvector sink: the vector round trip was NOT run${vectorReason}\n`);

async function tableExists(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query("SELECT to_regclass($1) AS found", [TABLE])).rows[0]?.found !== null;
  } finally {
    await client.end();
  }
}

let cleanup: (() => Promise<void>) | undefined;
beforeAll(() => {
  cleanup = async () => {
    if (!found.reachable) return;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS "${TABLE}"`);
    await client.end();
  };
});
afterAll(async () => cleanup?.());

describe("pgvector sink", () => {
  it.skipIf(!found.reachable || found.missing === undefined)(
    "GIVEN a PostgreSQL without the pgvector extension WHEN the first vectors are written THEN refused naming the extension, and no table is made",
    async () => {
      const sink = createPgVectorSink({ url: PG_URL, table: TABLE });
      try {
        const writing = sink.upsert([{ key: "a.csv#1", vector: [1, 0, 0], metadata: { id: "1" } }]);
        await expect(writing).rejects.toBeInstanceOf(UserFacingError);
        await expect(writing).rejects.toThrow(/has no pgvector extension \("CREATE EXTENSION vector" failed: extension "vector" is not available/);
        // The URL's password never appears in what the user is told.
        await expect(writing).rejects.not.toThrow(/postgres:\/\//);
        expect(await sink.dimension()).toBeUndefined();
      } finally {
        await sink.close();
      }
      expect(await tableExists()).toBe(false);
    },
  );

  it.skipIf(found.missing !== undefined)(`GIVEN pgvector WHEN vectors are upserted twice and queried THEN one row per key, nearest first${vectorReason}`, async () => {
    const sink = createPgVectorSink({ url: PG_URL, table: TABLE });
    try {
      const put = (title: string) =>
        sink.upsert([
          { key: "a.csv#1", vector: [1, 0, 0], metadata: { title: `${title} one` } },
          { key: "a.csv#2", vector: [0, 1, 0], metadata: { title: `${title} two` } },
        ]);
      await put("first");
      await put("second");
      expect(await sink.dimension()).toBe(3);
      const matches = await sink.query([0.1, 0.9, 0], 5);
      expect(matches.map((match) => [match.key, match.metadata.title])).toEqual([
        ["a.csv#2", "second two"],
        ["a.csv#1", "second one"],
      ]);
      await expect(sink.upsert([{ key: "x", vector: [1, 2], metadata: {} }])).rejects.toThrow(/holds 3-dimension vectors; these have 2/);
    } finally {
      await sink.close();
    }
  });
});
