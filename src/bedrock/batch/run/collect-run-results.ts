/**
 * A run's results, once its jobs are terminal: every job's outputs streamed from `<output>/<jobId>/` and joined to
 * the run's provenance by recordId (the results module), written into a local folder with cost at the batch price vs
 * on demand, and a `run.json` with each job's end state and Bedrock's message. Inputs are then scheduled for deletion
 * (`[batch] retention_days`; 0 deletes them now).
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ModelConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { BatchJobRow, BatchRunRow } from "../jobs/batch-job-row.ts";
import { splitS3Uri } from "../jobs/batch-layout.ts";
import { jobRowsOfRun, type BatchStore } from "../jobs/batch-store.ts";
import { deleteJobInputs, inputDeletionDue, scheduleInputDeletion } from "../jobs/cleanup-job-inputs.ts";
import { jobStateTraits } from "../jobs/job-state.ts";
import { jobOutputPrefix, listS3BatchOutput } from "../results/batch-output-s3-client.ts";
import type { BatchOutputSource } from "../results/batch-output-source.ts";
import { collectBatchResults, type CollectedBatchResults, type SinkTarget } from "../results/collect-batch-results.ts";
import type { FieldRequest } from "../results/extract-json-fields.ts";
import { readOutputLines, type OutputLineReader } from "../results/read-batch-results.ts";
import { downloadRunProvenance, provenanceOfRanges } from "./download-run-provenance.ts";

const RUN_SUMMARY_FILE = "run.json";

export interface CollectRunResultsInput {
  runId: string;
  /** Only these jobs of the run (their records; skipped inputs only when every job is included). Default: all. */
  jobNames?: readonly string[];
  store: BatchStore;
  s3: S3Client;
  outDir: string;
  /** The model's on-demand prices, for the cost lines. */
  prices?: Pick<ModelConfig, "price_in" | "price_out">;
  /** `[batch] retention_days`. */
  retentionDays: number;
  now: () => Date;
  extract?: FieldRequest;
  /** Load the run's vectors into this sink too. */
  sink?: SinkTarget;
  tempDir?: string;
  /** Only the records at these positions of the run, `[start, end)` (one contributor's share of a pooled job). */
  recordRange?: { start: number; end: number };
}

export interface CollectedRun extends CollectedBatchResults {
  run: BatchRunRow;
  /** The collected jobs, as updated. */
  jobs: BatchJobRow[];
}

export async function collectRunResults(input: CollectRunResultsInput): Promise<CollectedRun> {
  const { store, runId } = input;
  const run = await store.runs.get(runId);
  if (run?.runUri === undefined) throw new UserFacingError(`No batch run ${runId} with jobs is known to this store.`);
  const all = await jobRowsOfRun(store, runId);
  const jobs = input.jobNames === undefined ? all : all.filter((row) => input.jobNames?.includes(row.jobName));
  if (jobs.length === 0) throw new UserFacingError(`Run ${runId} has no such jobs.`);
  const unfinished = jobs.filter((row) => !jobStateTraits(row.state).terminal);
  if (unfinished.length > 0) {
    const states = unfinished.map((row) => `${row.jobName}: ${jobStateTraits(row.state).label}`).join("; ");
    throw new UserFacingError(`${unfinished.length} of ${jobs.length} jobs are not finished yet (${states}).`);
  }

  const whole = await downloadRunProvenance(input.s3, run.runUri, input.tempDir);
  const ranges = input.recordRange === undefined ? jobs.map((row) => row.recordRange) : [input.recordRange];
  const plan = jobs.length === all.length && input.recordRange === undefined ? whole : provenanceOfRanges(whole, ranges, false);
  const sources: BatchOutputSource[] = [];
  for (const row of jobs) {
    if (row.jobArn === undefined) continue;
    const { bucket, key } = splitS3Uri(row.outputUri);
    sources.push(await listS3BatchOutput(input.s3, { bucket, prefix: jobOutputPrefix(key, row.jobArn) }));
  }
  const collected = await collectBatchResults({
    sources,
    plan,
    outDir: input.outDir,
    ...(input.prices === undefined ? {} : { prices: input.prices }),
    ...(input.extract === undefined ? {} : { extract: input.extract }),
    ...(run.outputSchema === undefined ? {} : { schema: run.outputSchema }),
    ...(input.tempDir === undefined ? {} : { tempDir: input.tempDir }),
    ...(input.sink === undefined ? {} : { sink: input.sink }),
    // A share of a pooled job: the other contributors' output lines are theirs, not unknown records, and the manifest
    // counts their tokens too.
    ...(input.recordRange === undefined ? {} : { readLines: onlyRecordsOf(plan.provenance), shareOfJobs: true }),
  });
  await writeFile(join(input.outDir, RUN_SUMMARY_FILE), `${JSON.stringify(describeRun(run, jobs), null, 2)}\n`);

  const updated: BatchJobRow[] = [];
  for (const row of jobs) {
    const now = input.now();
    let next = scheduleInputDeletion({ ...row, resultsAt: now.toISOString(), updatedAt: now.toISOString() }, now, input.retentionDays);
    if (inputDeletionDue(next, now)) {
      await deleteJobInputs(input.s3, next);
      next = { ...next, inputsDeletedAt: input.now().toISOString() };
    }
    await store.jobs.put(next.jobName, next);
    updated.push(next);
  }
  const allTaken = (await jobRowsOfRun(store, runId)).every((row) => row.resultsAt !== undefined);
  const finalRun: BatchRunRow = allTaken ? { ...run, state: "done" } : run;
  if (allTaken) await store.runs.put(runId, finalRun);
  return { ...collected, run: finalRun, jobs: updated };
}

function onlyRecordsOf(provenance: ReadonlyMap<string, unknown>): OutputLineReader {
  return async function* (file, job) {
    for await (const line of readOutputLines(file, job)) {
      if ("malformed" in line.parsed || provenance.has(line.parsed.recordId)) yield line;
    }
  };
}

/** `run.json`: what each job ended as, in words Bedrock chose (`message`). */
function describeRun(run: BatchRunRow, jobs: readonly BatchJobRow[]) {
  return {
    runId: run.runId,
    model: run.model,
    modelId: run.modelId,
    jobs: jobs.map((row) => ({
      jobName: row.jobName,
      jobArn: row.jobArn,
      state: row.state,
      ...(row.message === undefined ? {} : { message: row.message }),
      records: row.records,
      counters: row.counters,
    })),
  };
}
