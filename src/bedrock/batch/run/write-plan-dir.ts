/**
 * `batch plan --out <dir>`: the plan on disk, laid out like the run's S3 folder so it can be inspected or diffed:
 *
 *   <dir>/plan.json                        the plan summary (`batch plan --json`)
 *   <dir>/provenance.jsonl, skipped.jsonl  what `batch results --plan <dir>` joins outputs with
 *   <dir>/job-<n>/input/records-<k>.jsonl  each job's input files, byte for byte as uploaded
 *   <dir>/job-<n>/input/media/...          media copied under the job's input folder
 *   <dir>/records.jsonl                    when the run is not a batch (on demand, held, refused): the records
 *
 * Media URIs stay placeholders (`s3://<input-folder>/media/...`) here: the bucket and run are only known at submit.
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeProvenanceFile } from "../results/provenance-file.ts";
import { inputFileName } from "../jobs/batch-layout.ts";
import type { BatchPlan, PlannedJob } from "./plan-batch-run.ts";
import { summarizePlan } from "./plan-summary.ts";
import type { LineSink } from "../jobs/upload-job-inputs.ts";
import { writeRecordFiles } from "./write-record-files.ts";

const PLAN_SUMMARY_FILE = "plan.json";
const UNBATCHED_RECORDS_FILE = "records.jsonl";

/** Writes the plan into `dir` (created if needed); returns the paths of the record files written. */
export async function writePlanDir(plan: BatchPlan, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await writeProvenanceFile(dir, plan.provenance, plan.skipped);
  await writeFile(join(dir, PLAN_SUMMARY_FILE), `${JSON.stringify(summarizePlan(plan, inputFileName), null, 2)}\n`);
  const written: string[] = [];
  const batched = plan.jobs.length > 0;
  const jobs: PlannedJob[] = batched ? plan.jobs : unbatched(plan.provenance.length);
  if (jobs.length === 0) return written;
  const jobFolder = (job: PlannedJob): string => (batched ? join(dir, `job-${job.index}`, "input") : dir);
  await writeRecordFiles(plan.replay(), jobs, {
    openFile: async (job, file) => {
      const path = batched ? join(jobFolder(job), inputFileName(file.index)) : join(dir, UNBATCHED_RECORDS_FILE);
      await mkdir(dirname(path), { recursive: true });
      written.push(path);
      return fileSink(createWriteStream(path));
    },
    putMedia: async (job, media) => {
      const path = join(jobFolder(job), media.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, media.bytes);
    },
    inputFolderUri: () => undefined,
  });
  return written;
}

/** All records as one file. */
function unbatched(records: number): PlannedJob[] {
  if (records === 0) return [];
  const range = { index: 1, start: 0, end: records, bytes: 0 };
  return [{ ...range, files: [range] }];
}

function fileSink(stream: WriteStream): LineSink {
  const failed = once(stream, "error").then(([error]) => Promise.reject(error instanceof Error ? error : new Error(String(error))));
  failed.catch(() => undefined);
  return {
    write: async (text) => {
      if (!stream.write(text)) await Promise.race([once(stream, "drain"), failed]);
    },
    close: async () => {
      stream.end();
      await Promise.race([once(stream, "finish"), failed]);
    },
    abort: async () => {
      stream.destroy();
      await Promise.resolve();
    },
  };
}
