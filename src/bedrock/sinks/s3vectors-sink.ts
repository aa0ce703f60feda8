/**
 * Amazon S3 Vectors through `@aws-sdk/client-s3vectors`. The index is created on first write when missing (float32,
 * cosine, the vectors' dimension; the input's own columns declared non-filterable, since they are for reading back,
 * not filtering). Writes are PutVectors of at most 500 vectors and under 20 MiB each; PutVectors overwrites a key
 * that exists, which is what makes a re-run an upsert.
 */
import {
  CreateIndexCommand,
  GetIndexCommand,
  NotFoundException,
  PutVectorsCommand,
  QueryVectorsCommand,
  S3VectorsClient,
  type PutInputVector,
  type S3VectorsClientConfig,
} from "@aws-sdk/client-s3vectors";
import { UserFacingError } from "../errors/user-facing-error.ts";
import { fitS3VectorsMetadata } from "./fit-s3vectors-metadata.ts";
import { S3_VECTORS_LIMITS } from "./s3vectors-limits.ts";
import type { SinkMatch, SinkVector, VectorSink } from "./vector-sink.ts";

export interface S3VectorsSinkOptions {
  vectorBucket: string;
  index: string;
  /** Region, credentials, endpoint (tests, VPC endpoints), retries. */
  client: S3VectorsClientConfig;
}

/** Metadata keys that say where a record came from: kept filterable (they are short, and worth filtering by). */
const PLACE_KEYS = new Set(["source", "member", "row"]);

/** JSON bytes of one vector in a PutVectors body, for the 20 MiB request limit (numbers written in full, worst case). */
function approximateBytes(vector: PutInputVector): number {
  return Buffer.byteLength(JSON.stringify(vector));
}

export interface S3VectorsSink extends VectorSink {
  /** Vectors whose metadata had to be cut to fit S3 Vectors' limits so far. */
  readonly metadataCut: number;
}

export function createS3VectorsSink(options: S3VectorsSinkOptions): S3VectorsSink {
  const client = new S3VectorsClient(options.client);
  const where = { vectorBucketName: options.vectorBucket, indexName: options.index };
  let nonFilterable: Set<string> | undefined;
  let metadataCut = 0;

  async function ensureIndex(first: SinkVector): Promise<Set<string>> {
    if (nonFilterable !== undefined) return nonFilterable;
    try {
      const { index } = await client.send(new GetIndexCommand(where));
      if (index?.dimension !== undefined && index.dimension !== first.vector.length) {
        throw new UserFacingError(`S3 Vectors index "${options.index}" holds ${index.dimension}-dimension vectors; these have ${first.vector.length}.`);
      }
      nonFilterable = new Set(index?.metadataConfiguration?.nonFilterableMetadataKeys ?? []);
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      const keys = Object.keys(first.metadata).filter((key) => !PLACE_KEYS.has(key)).slice(0, S3_VECTORS_LIMITS.nonFilterableKeys);
      await client.send(
        new CreateIndexCommand({
          ...where,
          dataType: "float32",
          dimension: first.vector.length,
          distanceMetric: "cosine",
          ...(keys.length === 0 ? {} : { metadataConfiguration: { nonFilterableMetadataKeys: keys } }),
        }),
      );
      nonFilterable = new Set(keys);
    }
    return nonFilterable;
  }

  async function put(vectors: PutInputVector[]): Promise<void> {
    if (vectors.length > 0) await client.send(new PutVectorsCommand({ ...where, vectors }));
  }

  return {
    description: `S3 Vectors index "${options.index}" in vector bucket ${options.vectorBucket}`,
    maxBatch: S3_VECTORS_LIMITS.putVectors,
    get metadataCut() {
      return metadataCut;
    },
    async upsert(vectors) {
      const first = vectors[0];
      if (first === undefined) return;
      const keys = await ensureIndex(first);
      // A request stays under both the count and the payload limit (1 KiB of room for the envelope).
      const budget = S3_VECTORS_LIMITS.requestBytes - 1024;
      let batch: PutInputVector[] = [];
      let bytes = 0;
      for (const vector of vectors) {
        const fitted = fitS3VectorsMetadata(vector.metadata, keys);
        if (fitted.cut) metadataCut++;
        const input: PutInputVector = { key: vector.key, data: { float32: [...vector.vector] }, metadata: fitted.metadata };
        const size = approximateBytes(input);
        if (batch.length >= S3_VECTORS_LIMITS.putVectors || (batch.length > 0 && bytes + size > budget)) {
          await put(batch);
          batch = [];
          bytes = 0;
        }
        batch.push(input);
        bytes += size;
      }
      await put(batch);
    },
    async dimension() {
      try {
        return (await client.send(new GetIndexCommand(where))).index?.dimension;
      } catch (error) {
        if (error instanceof NotFoundException) return undefined;
        throw error;
      }
    },
    async query(vector, topK) {
      const result = await client.send(
        new QueryVectorsCommand({ ...where, topK: Math.min(topK, S3_VECTORS_LIMITS.topK), queryVector: { float32: [...vector] }, returnMetadata: true, returnDistance: true }),
      );
      return (result.vectors ?? []).map((match): SinkMatch => ({
        key: match.key ?? "",
        distance: match.distance ?? Number.NaN,
        metadata: (match.metadata ?? {}) as Record<string, string>,
      }));
    },
    close() {
      client.destroy();
      return Promise.resolve();
    },
  };
}
