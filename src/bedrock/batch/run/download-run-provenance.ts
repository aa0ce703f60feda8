/**
 * A run's provenance from its S3 folder, read back with the results module (`readProvenanceFile`), optionally cut to
 * some jobs' record ranges (results of one job of a larger run).
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Provenance } from "../batch-types.ts";
import { splitS3Uri } from "../jobs/batch-layout.ts";
import { PROVENANCE_FILE_NAME, readProvenanceFile, SKIPPED_FILE_NAME, type PlanProvenance } from "../results/provenance-file.ts";

export async function downloadRunProvenance(s3: S3Client, runUri: string, tempDir = tmpdir()): Promise<PlanProvenance> {
  const { bucket, key: runKey } = splitS3Uri(runUri);
  const dir = await mkdtemp(join(tempDir, "batch-provenance-"));
  try {
    for (const name of [PROVENANCE_FILE_NAME, SKIPPED_FILE_NAME]) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${runKey}${name}` }));
      if (object.Body === undefined) throw new Error(`${runUri}${name} has no body`);
      await pipeline(object.Body as Readable, createWriteStream(join(dir, name)));
    }
    return await readProvenanceFile(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The records at the given positions (`[start, end)` ranges of the run's record order); skipped inputs only if `keepSkipped`. */
export function provenanceOfRanges(plan: PlanProvenance, ranges: readonly { start: number; end: number }[], keepSkipped: boolean): PlanProvenance {
  const provenance = new Map<string, Provenance>();
  let position = 0;
  for (const [recordId, origin] of plan.provenance) {
    if (ranges.some((range) => position >= range.start && position < range.end)) provenance.set(recordId, origin);
    position++;
  }
  return { provenance, skipped: keepSkipped ? plan.skipped : [] };
}
