/**
 * An `s3://bucket/prefix` source: refused unless the bucket is one the bot may read (`[batch] bucket` plus
 * `allowed_buckets`), then listed page by page with ListObjectsV2 and read object by object.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type GetObjectCommandOutput,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3";
import type { BatchConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";

/** The part of an `S3Client` used here; an `S3Client` is one. */
export interface S3ObjectReader {
  send(command: ListObjectsV2Command): Promise<ListObjectsV2CommandOutput>;
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
}

/** One object found under a prefix. */
export interface S3ObjectRef {
  bucket: string;
  key: string;
  size: number;
}

/** `s3://bucket/some/prefix` -> `{ bucket, prefix }`; anything else is a refusal. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!match?.[1]) throw new UserFacingError(`"${uri}" is not an S3 location; write it as s3://bucket/prefix.`);
  return { bucket: match[1], prefix: match[2] ?? "" };
}

/** The buckets `/batch` may read sources from: the batch bucket and `allowed_buckets`. */
export function allowedSourceBuckets(batch: Pick<BatchConfig, "bucket" | "allowed_buckets">): string[] {
  return [...(batch.bucket === undefined ? [] : [batch.bucket]), ...batch.allowed_buckets];
}

/** Parses `uri` and refuses it unless its bucket is allowed. */
export function checkS3Source(uri: string, allowedBuckets: readonly string[]): { bucket: string; prefix: string } {
  const location = parseS3Uri(uri);
  if (!allowedBuckets.includes(location.bucket)) {
    const allowed = allowedBuckets.length === 0 ? "none are configured" : `allowed: ${allowedBuckets.join(", ")}`;
    throw new UserFacingError(`The bot may not read from the bucket ${location.bucket} (${allowed}).`);
  }
  return location;
}

function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

/**
 * Every object under `uri` (folder markers ending in `/` excluded), following ListObjectsV2 continuation tokens.
 * Throws a `UserFacingError` before listing when the bucket is not allowed, and when the listing fails.
 */
export async function* listS3Prefix(
  s3: S3ObjectReader,
  uri: string,
  allowedBuckets: readonly string[],
  options: { pageSize?: number } = {},
): AsyncGenerator<S3ObjectRef> {
  const { bucket, prefix } = checkS3Source(uri, allowedBuckets);
  let continuationToken: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken, MaxKeys: options.pageSize }));
    } catch (error) {
      throw new UserFacingError(`Could not list ${uri} (${awsErrorName(error)}).`, { cause: error });
    }
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || object.Key.endsWith("/")) continue;
      yield { bucket, key: object.Key, size: object.Size ?? 0 };
    }
    continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}

/** The whole object as bytes. */
export async function readS3Object(s3: S3ObjectReader, object: Pick<S3ObjectRef, "bucket" | "key">): Promise<Uint8Array> {
  const response = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
  if (response.Body === undefined) return new Uint8Array();
  return response.Body.transformToByteArray();
}
