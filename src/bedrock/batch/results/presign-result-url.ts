/**
 * A download link for a result file too large to attach to a Discord message (the attachment limit is far below a
 * 50,000-row CSV). SigV4 presigned URLs live at most 7 days; with temporary credentials (SSO, an assumed role) the
 * link dies with the credentials, whatever the expiry says.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/** SigV4: `X-Amz-Expires` at most 604800 seconds. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

export interface PresignResultOptions {
  bucket: string;
  key: string;
  /** Seconds the link works, 1 to 604800 (default: 7 days, the most SigV4 allows). */
  expiresInSeconds?: number;
  /** File name the browser saves as (`Content-Disposition: attachment`); default: the key's. */
  downloadName?: string;
}

export async function presignResultUrl(s3: S3Client, options: PresignResultOptions): Promise<string> {
  const expiresIn = options.expiresInSeconds ?? MAX_PRESIGN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
    throw new RangeError(`presigned URL expiry must be 1-${MAX_PRESIGN_SECONDS} whole seconds (SigV4 limit), not ${expiresIn}`);
  }
  const command = new GetObjectCommand({
    Bucket: options.bucket,
    Key: options.key,
    ...(options.downloadName === undefined ? {} : { ResponseContentDisposition: contentDisposition(options.downloadName) }),
  });
  return getSignedUrl(s3, command, { expiresIn });
}

/** `attachment; filename="..."` with an ASCII fallback and the exact name in RFC 5987 `filename*`. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
