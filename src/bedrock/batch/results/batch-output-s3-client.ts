/**
 * A job's outputs on S3 as a `BatchOutputSource`: `ListObjectsV2` (paginated) under `<output>/<jobId>/`, every
 * `*.out` file streamed from `GetObject` — never only the first file, never a whole body in memory. Names are listed,
 * not built: Bedrock decides them (`<outputUri><jobId>/<input file>.out`, plus `manifest.json.out`, today).
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { isOutputDataFile, MANIFEST_FILE_NAME, type BatchOutputSource, type OutputFile } from "./batch-output-source.ts";

/** Where one job's outputs are. `prefix` ends with `/`. */
export interface S3OutputLocation {
  bucket: string;
  prefix: string;
  /** Keys per ListObjectsV2 page (default: S3's 1000). */
  pageSize?: number;
}

/**
 * `<outputPrefix>/<jobId>/` for the job's ARN (`...:model-invocation-job/abc123def456`) or bare id. `outputPrefix` is
 * the key part of the job's `s3OutputDataConfig.s3Uri` (`""` for the bucket root).
 */
export function jobOutputPrefix(outputPrefix: string, jobArnOrId: string): string {
  const jobId = jobArnOrId.slice(jobArnOrId.lastIndexOf("/") + 1);
  const base = outputPrefix === "" || outputPrefix.endsWith("/") ? outputPrefix : `${outputPrefix}/`;
  return `${base}${jobId}/`;
}

export async function listS3BatchOutput(s3: S3Client, location: S3OutputLocation): Promise<BatchOutputSource> {
  const { bucket } = location;
  const prefix = location.prefix === "" || location.prefix.endsWith("/") ? location.prefix : `${location.prefix}/`;
  const keys: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken, MaxKeys: location.pageSize }),
    );
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);

  const manifestKey = keys.find((key) => key === `${prefix}${MANIFEST_FILE_NAME}`);
  const files: OutputFile[] = keys
    .filter(isOutputDataFile)
    .sort()
    .map((key) => ({ name: key.slice(prefix.length), open: () => objectChunks(s3, bucket, key) }));
  return {
    // The job id: the last folder of the prefix.
    job: prefix.split("/").filter(Boolean).pop() ?? bucket,
    files,
    readManifest: async () => {
      if (manifestKey === undefined) return undefined;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey }));
      return object.Body?.transformToString("utf8");
    },
  };
}

async function* objectChunks(s3: S3Client, bucket: string, key: string): AsyncGenerator<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body: unknown = object.Body;
  // In Node the body is an IncomingMessage (a Readable): async-iterable byte chunks.
  if (typeof body !== "object" || body === null || !(Symbol.asyncIterator in body)) {
    throw new Error(`s3://${bucket}/${key}: GetObject returned no readable body`);
  }
  yield* body as AsyncIterable<Uint8Array>;
}
