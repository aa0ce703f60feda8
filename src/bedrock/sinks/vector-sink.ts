/**
 * Where an embedding run's vectors go to be searched: one interface over LanceDB (a local folder), PostgreSQL with
 * pgvector, and Amazon S3 Vectors. Every write is an upsert by key, so loading the same results again replaces rows
 * instead of adding them.
 */

/** One vector to store: the record's key, its vector, and the metadata a search shows beside it. */
export interface SinkVector {
  /** Stable across runs of the same input (see `sinkKeyOf`). */
  key: string;
  vector: readonly number[];
  /** Flat text values: the input's own columns and where the record came from. */
  metadata: Readonly<Record<string, string>>;
}

/** One nearest neighbour. */
export interface SinkMatch {
  key: string;
  /** As the store measures it (cosine distance: 0 = same direction); smaller is nearer. */
  distance: number;
  metadata: Record<string, string>;
}

export interface VectorSink {
  /** `LanceDB table "docs" in ./data/vectors`: where the vectors went, for notices. */
  readonly description: string;
  /** Most vectors one `upsert` call takes (S3 Vectors: 500 per PutVectors). */
  readonly maxBatch: number;
  /** Inserts or replaces by key; creates the table or index on first use with the vectors' dimension. */
  upsert(vectors: readonly SinkVector[]): Promise<void>;
  /** Dimension of the stored vectors; undefined while the table or index does not exist. */
  dimension(): Promise<number | undefined>;
  /** The `topK` nearest stored vectors, nearest first. */
  query(vector: readonly number[], topK: number): Promise<SinkMatch[]>;
  /** Closes connections. */
  close(): Promise<void>;
}

/** Stored as text so a search can print it back: which record of which file. */
export interface SinkKeySource {
  source: string;
  member?: string;
  row?: number;
  prompt: string;
}

/**
 * `articles.csv#7`, `photos.zip:imgs/cat.png`, `data.jsonl#3@summary`. Built from where the record came from, not its
 * run-local id (`R000000001` repeats in every run), so embedding the same file again upserts the same keys.
 */
export function sinkKeyOf(origin: SinkKeySource): string {
  const member = origin.member === undefined ? "" : `:${origin.member}`;
  const row = origin.row === undefined ? "" : `#${origin.row}`;
  const prompt = origin.prompt === "default" ? "" : `@${origin.prompt}`;
  return `${origin.source}${member}${row}${prompt}`;
}
