/**
 * A batch input file streamed into S3 from two part buffers allocated once: lines are encoded straight into the part
 * being filled while the previous part uploads, so a file of any size holds 2 x 5 MiB and allocates nothing per line.
 * (lib-storage's `Upload` over a stream, as in jobs/upload-job-inputs.ts, keeps every line as a Buffer of its own and
 * concatenates them into each part: ~24 MB of buffers and 50,000 Buffer objects for bench/csv-to-s3.ts.)
 *
 * A file within one part is a single PutObject; a larger one is a multipart upload whose parts are 5 MiB (the last
 * shorter), aborted on any failure. Checksums follow the client's setting as lib-storage does: with
 * `requestChecksumCalculation` "WHEN_SUPPORTED" (the SDK default) the upload is created with CRC32, each part carries
 * one, and the completion lists them.
 */
import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
  type UploadPartCommandOutput,
} from "@aws-sdk/client-s3";
import type { LineSink } from "../jobs/upload-job-inputs.ts";

/** S3's smallest part but the last: the least a multipart upload can buffer. */
const S3_PART_BYTES = 5 * 1024 * 1024;

/** UTF-8 takes at most 3 bytes per UTF-16 code unit: a line that short surely fits without measuring it. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

function completedPart(partNumber: number, result: UploadPartCommandOutput, where: string): CompletedPart {
  if (result.ETag === undefined) throw new Error(`S3 answered part ${partNumber} of ${where} without an ETag`);
  const { ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256 } = result;
  return {
    PartNumber: partNumber,
    ETag: result.ETag,
    ...(ChecksumCRC32 === undefined ? {} : { ChecksumCRC32 }),
    ...(ChecksumCRC32C === undefined ? {} : { ChecksumCRC32C }),
    ...(ChecksumSHA1 === undefined ? {} : { ChecksumSHA1 }),
    ...(ChecksumSHA256 === undefined ? {} : { ChecksumSHA256 }),
  };
}

/** `partBytes` is for tests; S3 refuses parts under 5 MiB but the last. */
export function openS3PartSink(s3: S3Client, bucket: string, key: string, contentType = "application/jsonl", partBytes = S3_PART_BYTES): LineSink {
  const where = `s3://${bucket}/${key}`;
  let filling: Buffer = Buffer.allocUnsafe(partBytes);
  let used = 0;
  /** The buffer of the part in flight; free again once `inFlight` settles. */
  let uploading: Buffer | undefined;
  let inFlight: Promise<void> | undefined;
  let uploadId: Promise<string> | undefined;
  let partCount = 0;
  const parts: CompletedPart[] = [];

  const createUpload = async (): Promise<string> => {
    const checksums = (await s3.config.requestChecksumCalculation()) === "WHEN_SUPPORTED" ? { ChecksumAlgorithm: ChecksumAlgorithm.CRC32 } : {};
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType, ...checksums }));
    if (created.UploadId === undefined) throw new Error(`S3 started no multipart upload for ${where}`);
    return created.UploadId;
  };

  /** Sends the filled bytes as the next part, once the previous part is stored (its buffer becomes the next to fill). */
  const sendPart = async (): Promise<void> => {
    const id = await (uploadId ??= createUpload());
    await inFlight;
    const free = uploading ?? Buffer.allocUnsafe(partBytes);
    const partNumber = ++partCount;
    const body = filling.subarray(0, used);
    uploading = filling;
    filling = free;
    used = 0;
    inFlight = s3
      .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: id, PartNumber: partNumber, Body: body }))
      .then((result) => void parts.push(completedPart(partNumber, result, where)));
    // Observed here so a failure is not an unhandled rejection before the next part or close() awaits it.
    inFlight.catch(() => undefined);
  };

  const append = async (text: string): Promise<void> => {
    const room = partBytes - used;
    if (text.length * MAX_UTF8_BYTES_PER_UNIT <= room || Buffer.byteLength(text) <= room) {
      used += filling.write(text, used);
    } else {
      // Straddles two parts, or is longer than one: its bytes are copied across.
      const bytes = Buffer.from(text);
      for (let offset = 0; offset < bytes.length; ) {
        const copied = bytes.copy(filling, used, offset);
        used += copied;
        offset += copied;
        if (used === partBytes) await sendPart();
      }
    }
    if (used === partBytes) await sendPart();
  };

  const finish = async (): Promise<void> => {
    if (uploadId === undefined) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: filling.subarray(0, used), ContentType: contentType }));
      return;
    }
    if (used > 0) await sendPart();
    await inFlight;
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: await uploadId, MultipartUpload: { Parts: parts } }));
  };

  const abortUpload = async (): Promise<void> => {
    await inFlight?.catch(() => undefined);
    const id = await uploadId?.catch(() => undefined);
    if (id !== undefined) await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: id })).catch(() => undefined);
  };

  /** A failed write or close gives up the upload itself: the caller may not call abort() after a failed close(). */
  const orAbort = async (step: Promise<void>): Promise<void> => {
    try {
      await step;
    } catch (error) {
      await abortUpload();
      throw error;
    }
  };

  return {
    write: (text) => orAbort(append(text)),
    close: () => orAbort(finish()),
    abort: abortUpload,
  };
}
