/**
 * The stages of a pipeline that ended, read back: each stage's results collected once into
 * `<workDir>/bdb-pipelines/<pipeline>/stage-<n>/` (a batch stage from its jobs' outputs in S3, `collectRunResults`; an
 * on-demand one is already where `submit_run` wrote it), with its counts and cost. Collecting again is harmless (the
 * outputs stay in S3), which is what lets a fresh process resume a pipeline from the store alone.
 */
import { join } from "node:path";
import type { Pipeline, StageSummary } from "../../bedrock/batch/pipeline/pipeline.ts";
import { readStageResults } from "../../bedrock/batch/pipeline/stage-outcomes.ts";
import { summarizeStage, summarizeStageAt } from "../../bedrock/batch/pipeline/join-pipeline-results.ts";
import type { EndedStage } from "../../bedrock/batch/pipeline/trace-pipeline-records.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import { collectRunResults } from "../../bedrock/batch/run/collect-run-results.ts";
import { findModel } from "../../config/index.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { pathExists } from "../../bedrock/batch/results/path-exists.ts";

export interface CollectedStage {
  ended: EndedStage;
  summary: StageSummary;
}

/** Where a pipeline keeps what it collected and the joined results (`final`). */
export function pipelineDir(workDir: string, pipelineId: string, part: string): string {
  return join(workDir, "bdb-pipelines", pipelineId, part);
}

/** Stage `stage` (1-based) of `pipeline`, whose submission is `submission` (absent: the stage could not be planned). */
export async function collectPipelineStage(pipeline: Pipeline, stage: number, submission: Submission | undefined, deps: Pick<PoolDispatchDeps, "runtime" | "config">): Promise<CollectedStage> {
  const run = pipeline.runs[stage - 1];
  const inputIds = run?.inputIds;
  const base = inputIds === undefined ? {} : { inputIds };
  const notRun = (reason: string): CollectedStage => {
    const ended: EndedStage = { ...base, reason };
    return { ended, summary: summarizeStage(ended) };
  };
  if (submission === undefined) return notRun(run?.summary?.reason ?? "it could not be planned");
  const { runtime, config } = deps;
  const model = findModel(config, submission.model);
  const jobs = submission.jobNames ?? [];
  let dir: string;
  if (jobs.length > 0) {
    dir = pipelineDir(runtime.workDir, pipeline.id, `stage-${stage}`);
    if (!(await pathExists(join(dir, "results.jsonl")))) {
      await collectRunResults({
        runId: submission.runId ?? submission.id,
        store: runtime.store,
        s3: runtime.s3(submission.provider),
        outDir: dir,
        ...(model === undefined ? {} : { prices: model }),
        retentionDays: config.data.batch.retention_days,
        now: runtime.now,
      });
    }
  } else if (submission.runId !== undefined && (submission.state === "notified" || submission.state === "finished")) {
    // Answered on demand: `submit_run` wrote the results there.
    dir = join(runtime.workDir, "bdb-results", submission.id);
  } else {
    return notRun(submission.reason ?? `it was ${submission.state}`);
  }
  const ended: EndedStage = { ...base, results: await readStageResults(dir) };
  return { ended, summary: summarizeStageAt(ended, model, jobs.length > 0 ? "batch" : "on_demand") };
}
