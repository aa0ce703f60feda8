/**
 * The S3 Vectors data plane as the fake keeps it: vector buckets, indexes and vectors in memory, with the operations'
 * checks and limits taken from the API reference (PutVectors, GetVectors, ListVectors, QueryVectors, DeleteVectors,
 * CreateIndex, GetIndex, CreateVectorBucket) and the S3 User Guide's "Limitations and restrictions". Each operation
 * takes the parsed JSON body and returns the JSON answer, or throws an `S3VectorsError`; nothing here knows HTTP.
 */
import { metadataEntryBytes, S3_VECTORS_LIMITS } from "../../../src/bedrock/sinks/s3vectors-limits.ts";

export class S3VectorsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new S3VectorsError(400, "ValidationException", message);
const notFound = (message: string) => new S3VectorsError(404, "NotFoundException", message);
const conflict = (message: string) => new S3VectorsError(409, "ConflictException", message);

interface StoredVector {
  data: number[];
  metadata?: Record<string, unknown>;
}

interface FakeIndex {
  name: string;
  arn: string;
  dimension: number;
  distanceMetric: "cosine" | "euclidean";
  nonFilterable: Set<string>;
  createdSeconds: number;
  /** Insertion order is listing order; an overwrite keeps the key's place. */
  vectors: Map<string, StoredVector>;
}

type Json = Record<string, unknown>;

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
/** Bucket and index names: 3-63 lower-case letters, digits, `-` (and `.` for indexes). */
const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function str(body: Json, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw validation(`${key} is required`);
  return value;
}

function float32Of(body: Json, key: string, dimension: number, metric: FakeIndex["distanceMetric"]): number[] {
  const data = body[key];
  const values = typeof data === "object" && data !== null ? (data as Json).float32 : undefined;
  if (!Array.isArray(values)) throw validation(`${key}.float32 is required`);
  if (values.length !== dimension) throw validation(`Invalid record for key: vector dimension ${values.length} does not match index dimension ${dimension}`);
  if (!values.every((value) => typeof value === "number" && Number.isFinite(value))) throw validation("Vector data must contain only valid floating-point values (no NaN or Infinity)");
  const rounded = values.map((value: number) => Math.fround(value));
  if (metric === "cosine" && rounded.every((value) => value === 0)) throw validation("Zero vectors are not allowed for the cosine distance metric");
  return rounded;
}

export class FakeS3VectorsState {
  readonly buckets = new Map<string, Map<string, FakeIndex>>();
  private clockSeconds = 1_750_000_000;

  createVectorBucket(body: Json): Json {
    const name = str(body, "vectorBucketName");
    if (!NAME.test(name)) throw validation(`Invalid vector bucket name: ${name}`);
    if (this.buckets.has(name)) throw conflict(`The vector bucket ${name} already exists`);
    this.buckets.set(name, new Map());
    return {};
  }

  createIndex(body: Json): Json {
    const bucket = this.bucket(body);
    const name = str(body, "indexName");
    if (!NAME.test(name)) throw validation(`Invalid index name: ${name}`);
    if (bucket.has(name)) throw conflict(`The index ${name} already exists`);
    if (body.dataType !== "float32") throw validation("dataType must be float32");
    const dimension = body.dimension;
    if (typeof dimension !== "number" || !Number.isInteger(dimension) || dimension < 1 || dimension > S3_VECTORS_LIMITS.maxDimension) {
      throw validation(`dimension must be an integer from 1 to ${S3_VECTORS_LIMITS.maxDimension}`);
    }
    if (body.distanceMetric !== "cosine" && body.distanceMetric !== "euclidean") throw validation("distanceMetric must be cosine or euclidean");
    const configuration = body.metadataConfiguration as Json | undefined;
    const keys = (configuration?.nonFilterableMetadataKeys ?? []) as unknown[];
    if (!Array.isArray(keys) || keys.length > S3_VECTORS_LIMITS.nonFilterableKeys || !keys.every((key) => typeof key === "string")) {
      throw validation(`nonFilterableMetadataKeys: at most ${S3_VECTORS_LIMITS.nonFilterableKeys} strings`);
    }
    const arn = `arn:aws:s3vectors:${REGION}:${ACCOUNT}:bucket/${str(body, "vectorBucketName")}/index/${name}`;
    bucket.set(name, {
      name,
      arn,
      dimension,
      distanceMetric: body.distanceMetric,
      nonFilterable: new Set(keys),
      createdSeconds: this.clockSeconds++,
      vectors: new Map(),
    });
    return { indexArn: arn };
  }

  getIndex(body: Json): Json {
    const index = this.index(body);
    return {
      index: {
        vectorBucketName: str(body, "vectorBucketName"),
        indexName: index.name,
        indexArn: index.arn,
        creationTime: index.createdSeconds,
        dataType: "float32",
        dimension: index.dimension,
        distanceMetric: index.distanceMetric,
        ...(index.nonFilterable.size === 0 ? {} : { metadataConfiguration: { nonFilterableMetadataKeys: [...index.nonFilterable] } }),
      },
    };
  }

  /** All-or-nothing: every vector is checked before any is stored. */
  putVectors(body: Json, requestBytes: number): Json {
    if (requestBytes > S3_VECTORS_LIMITS.requestBytes) throw validation(`Request payload of ${requestBytes} bytes exceeds the limit of ${S3_VECTORS_LIMITS.requestBytes}`);
    const index = this.index(body);
    const vectors = body.vectors;
    if (!Array.isArray(vectors) || vectors.length === 0) throw validation("vectors must hold at least one vector");
    if (vectors.length > S3_VECTORS_LIMITS.putVectors) throw validation(`vectors: at most ${S3_VECTORS_LIMITS.putVectors} per request, got ${vectors.length}`);
    const checked = vectors.map((vector: Json) => {
      const key = str(vector, "key");
      if (key.length > S3_VECTORS_LIMITS.keyLength) throw validation(`key longer than ${S3_VECTORS_LIMITS.keyLength} characters`);
      const data = float32Of(vector, "data", index.dimension, index.distanceMetric);
      const metadata = vector.metadata as Json | undefined;
      if (metadata !== undefined) this.checkMetadata(key, metadata, index);
      return { key, stored: { data, ...(metadata === undefined ? {} : { metadata }) } };
    });
    for (const { key, stored } of checked) index.vectors.set(key, stored);
    return {};
  }

  getVectors(body: Json): Json {
    const index = this.index(body);
    const keys = body.keys;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > S3_VECTORS_LIMITS.getVectors) throw validation(`keys: 1 to ${S3_VECTORS_LIMITS.getVectors}`);
    const found = keys.flatMap((key) => {
      const vector = index.vectors.get(String(key));
      return vector === undefined ? [] : [this.output(String(key), vector, body)];
    });
    return { vectors: found };
  }

  listVectors(body: Json): Json {
    const index = this.index(body);
    const max = typeof body.maxResults === "number" ? body.maxResults : 500;
    if (max < 1 || max > S3_VECTORS_LIMITS.listVectors) throw validation(`maxResults: 1 to ${S3_VECTORS_LIMITS.listVectors}`);
    const start = typeof body.nextToken === "string" ? Number(Buffer.from(body.nextToken, "base64url").toString()) : 0;
    const all = [...index.vectors];
    const page = all.slice(start, start + max).map(([key, vector]) => this.output(key, vector, body));
    const next = start + max < all.length ? Buffer.from(String(start + max)).toString("base64url") : undefined;
    return { vectors: page, ...(next === undefined ? {} : { nextToken: next }) };
  }

  queryVectors(body: Json): Json {
    const index = this.index(body);
    const topK = body.topK;
    if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1 || topK > S3_VECTORS_LIMITS.topK) throw validation(`topK: 1 to ${S3_VECTORS_LIMITS.topK}`);
    if (body.filter !== undefined) throw validation("The fake does not evaluate metadata filters");
    const query = float32Of(body, "queryVector", index.dimension, index.distanceMetric);
    const scored = [...index.vectors].map(([key, vector]) => ({ key, vector, distance: distance(index.distanceMetric, query, vector.data) }));
    scored.sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key));
    const vectors = scored.slice(0, topK).map(({ key, vector, distance: value }) => ({
      key,
      ...(body.returnDistance === true ? { distance: value } : {}),
      ...(body.returnMetadata === true && vector.metadata !== undefined ? { metadata: vector.metadata } : {}),
    }));
    return { vectors, distanceMetric: index.distanceMetric };
  }

  deleteVectors(body: Json): Json {
    const index = this.index(body);
    const keys = body.keys;
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > S3_VECTORS_LIMITS.putVectors) throw validation(`keys: 1 to ${S3_VECTORS_LIMITS.putVectors}`);
    for (const key of keys) index.vectors.delete(String(key));
    return {};
  }

  private checkMetadata(key: string, metadata: Json, index: FakeIndex): void {
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) throw validation(`Invalid record for key '${key}': metadata must be an object`);
    const entries = Object.entries(metadata);
    if (entries.length > S3_VECTORS_LIMITS.metadataKeys) throw validation(`Invalid record for key '${key}': more than ${S3_VECTORS_LIMITS.metadataKeys} metadata keys`);
    let total = 0;
    let filterable = 0;
    for (const [name, value] of entries) {
      const bytes = metadataEntryBytes(name, value);
      total += bytes;
      if (!index.nonFilterable.has(name)) filterable += bytes;
    }
    if (filterable > S3_VECTORS_LIMITS.filterableMetadataBytes) {
      throw validation(`Invalid record for key '${key}': Filterable metadata must have at most ${S3_VECTORS_LIMITS.filterableMetadataBytes} bytes`);
    }
    if (total > S3_VECTORS_LIMITS.metadataBytes) throw validation(`Invalid record for key '${key}': Total metadata must have at most ${S3_VECTORS_LIMITS.metadataBytes} bytes`);
  }

  private output(key: string, vector: StoredVector, body: Json): Json {
    return {
      key,
      ...(body.returnData === true ? { data: { float32: vector.data } } : {}),
      ...(body.returnMetadata === true && vector.metadata !== undefined ? { metadata: vector.metadata } : {}),
    };
  }

  private bucket(body: Json): Map<string, FakeIndex> {
    const name = str(body, "vectorBucketName");
    const bucket = this.buckets.get(name);
    if (bucket === undefined) throw notFound(`The specified vector bucket could not be found: ${name}`);
    return bucket;
  }

  private index(body: Json): FakeIndex {
    const name = str(body, "indexName");
    const index = this.bucket(body).get(name);
    if (index === undefined) throw notFound(`The specified index could not be found: ${name}`);
    return index;
  }
}

function distance(metric: FakeIndex["distanceMetric"], a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let squared = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
    squared += (x - y) ** 2;
  }
  return metric === "cosine" ? 1 - dot / (Math.sqrt(normA) * Math.sqrt(normB)) : Math.sqrt(squared);
}
