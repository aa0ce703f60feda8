/**
 * `batch submit --wait`: polls a run's jobs until they end (a progress bar on stderr), finishes the run's submission,
 * and collects the results into `outDir`. Every stage of a `--then` pipeline goes through it too.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { setTimeout as sleep } from "node:timers/promises";
import type { BatchJobRow } from "../bedrock/batch/jobs/batch-job-row.ts";
import { collectRunResults, type CollectedRun } from "../bedrock/batch/run/collect-run-results.ts";
import { waitForJobs } from "../bedrock/batch/run/wait-for-jobs.ts";
import type { ModelConfig } from "../config/schema.ts";
import type { BatchAwsContext } from "./batch-cli-context.ts";
import { createStderrProgress } from "./batch-progress-bar.ts";
import { finishEndedCliRuns } from "./cli-submissions.ts";

export async function waitAndCollect(
  context: BatchAwsContext,
  jobNames: readonly string[],
  run: { runId: string; s3: S3Client; outDir: string; prices: Pick<ModelConfig, "price_in" | "price_out"> },
): Promise<{ ended: BatchJobRow[]; collected: CollectedRun }> {
  const waiting = createStderrProgress("processing");
  const ended = await waitForJobs(context.pollDeps, context.pollSettings, [...jobNames], {
    sleep: (ms) => sleep(ms),
    onPoll: (rows) => waiting.update(sum(rows, (row) => row.counters?.processed ?? 0), sum(rows, (row) => row.counters?.total ?? row.records)),
  });
  waiting.finish();
  await finishEndedCliRuns(context, ended);
  const collected = await collectRunResults({
    runId: run.runId,
    store: context.store,
    s3: run.s3,
    outDir: run.outDir,
    prices: run.prices,
    retentionDays: context.config.data.batch.retention_days,
    now: () => new Date(),
  });
  return { ended, collected };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
