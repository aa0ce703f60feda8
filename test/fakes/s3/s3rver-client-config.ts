/**
 * The S3 client settings that work against s3rver (3.7) with the current SDK v3, shared by the test kit and the fake
 * Bedrock's batch plane.
 *
 * Why each setting:
 * - `forcePathStyle`: s3rver serves `http://host:port/bucket/key`; virtual-hosted names (`bucket.127.0.0.1`) don't resolve.
 * - `requestChecksumCalculation: "WHEN_REQUIRED"`: since SDK 3.729 the default ("WHEN_SUPPORTED") sends a PutObject
 *   whose body is a stream as `content-encoding: aws-chunked` with a trailing `x-amz-checksum-crc32`. s3rver does not
 *   decode aws-chunked and stores the chunk framing as the object's bytes (`78\r\n...\r\n0\r\nx-amz-checksum-crc32:...`),
 *   answering 200: silent corruption. Buffers and strings are unaffected (checksum sent as a header, which s3rver
 *   ignores), as are lib-storage's `Upload` parts (buffered); only streamed single PutObjects break.
 * - `responseChecksumValidation: "WHEN_REQUIRED"`: s3rver returns no checksum headers, so validation is a no-op
 *   either way; set to match, so the SDK never asks for `x-amz-checksum-mode`.
 * - static credentials `S3RVER`/`S3RVER`: s3rver verifies SigV4 signatures against that key pair.
 */
import type { S3ClientConfig } from "@aws-sdk/client-s3";

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export function s3rverClientConfig(
  endpoint: string,
  overrides: { credentials?: { accessKeyId: string; secretAccessKey: string }; region?: string } = {},
): S3ClientConfig {
  return {
    endpoint,
    region: overrides.region ?? "us-east-1",
    credentials: overrides.credentials ?? S3RVER_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}
