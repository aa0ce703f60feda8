/** `s3://bucket/key` <-> parts, as the batch plane reads input and output locations. */

export interface S3Location {
  bucket: string;
  /** Everything after `bucket/`; "" for the bucket itself. */
  key: string;
}

/** Undefined when the text is not an `s3://bucket[/key]` URI. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  const bucket = match?.[1];
  if (bucket === undefined) return undefined;
  return { bucket, key: match?.[2] ?? "" };
}

export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** A key prefix that names a folder: "" stays "", anything else ends with exactly one "/". */
export function folderPrefix(key: string): string {
  const trimmed = key.replace(/\/+$/, "");
  return trimmed === "" ? "" : `${trimmed}/`;
}
