/**
 * What `bedrock-bot batch submit` runs: plans like `batch plan`, then runs the plan — batch jobs (job names printed,
 * one per line), on-demand calls under the model's minimum (results written to `--out`), held records (`wait`), or a
 * refusal. `--wait` polls until the jobs end and writes their results to `--out`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { allowedSourceBuckets } from "../bedrock/batch/inputs/list-s3-prefix.ts";
import { isFailureState } from "../bedrock/batch/jobs/job-state.ts";
import { checkRunId, createRunId } from "../bedrock/batch/jobs/job-names.ts";
import { collectRunResults } from "../bedrock/batch/run/collect-run-results.ts";
import type { SubmissionEvent } from "../bedrock/batch/lifecycle/submission.ts";
import { submitBatchRun, type SubmittedRun } from "../bedrock/batch/run/submit-batch-run.ts";
import { waitForJobs } from "../bedrock/batch/run/wait-for-jobs.ts";
import { chooseModel } from "../bedrock/models/choose-model.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { finishEndedCliRuns, recordCliSubmission, reportCliRun } from "./cli-submissions.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import type { BatchCliFlags } from "./batch-cli-inputs.ts";
import { describeOnDemandCost } from "../bedrock/batch/run/describe-on-demand-cost.ts";
import { describeJob, describeResults } from "./batch-cli-output.ts";
import { planFromFlags } from "./run-batch-plan.ts";
import { createStderrProgress } from "./batch-progress-bar.ts";

export interface SubmitFlags extends BatchCliFlags {
  wait?: boolean;
  runId?: string;
}

/** Where results go when `--out` is not given. */
export function defaultResultsDir(runId: string): string {
  return `batch-results/${runId}`;
}

export async function runBatchSubmit(inputs: string[], flags: SubmitFlags, configFlag: string | undefined): Promise<number> {
  const config = await requireCliConfig(configFlag);
  const context = openBatchAwsContext(config);
  try {
    const { model } = chooseModel(config, "batch", flags.model);
    const provider = context.providerFor(model);
    const s3 = context.s3(provider);
    const plan = await planFromFlags(config, inputs, flags, { s3, allowedBuckets: allowedSourceBuckets(config.data.batch) });
    const runId = flags.runId === undefined ? createRunId(new Date()) : checkRunId(flags.runId);
    const outDir = flags.out ?? defaultResultsDir(runId);
    const progress = createStderrProgress(plan.decision.action === "on_demand" ? "on demand" : "uploading");
    await recordCliSubmission(context, { id: runId, model: model.name, provider, records: plan.counts.records });
    const submitted = await submitBatchRun({
      plan,
      runId,
      provider,
      batch: config.data.batch,
      clients: { control: context.control(provider), s3, converse: context.converse(provider) },
      store: context.store,
      now: () => new Date(),
      outDir,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    const print = (json: object, lines: string[]): void => {
      process.stdout.write(flags.json === true ? `${JSON.stringify(json)}\n` : lines.length > 0 ? `${lines.join("\n")}\n` : "");
    };
    await reportCliRun(context, runId, runEvent(runId, submitted));
    switch (submitted.action) {
      case "wait":
        process.stderr.write(`${submitted.reason}\n`);
        print({ runId, policy: "wait", held: submitted.held }, []);
        return 0;
      case "on_demand": {
        const lines = [`run ${runId}: ${plan.counts.records} records on demand, ${describeOnDemandCost(submitted)}`, ...submitted.notes, ...describeResults(submitted.collected)];
        const { costUsd, costKnown, serviceTiers, notes } = submitted;
        print({ runId, policy: "on_demand", out: outDir, counts: submitted.collected.results.counts, costUsd, costKnown, serviceTiers, notes }, lines);
        return 0;
      }
      case "batch":
        break;
      default: {
        const unexpected: never = submitted;
        throw new Error(`unknown submit outcome ${JSON.stringify(unexpected)}`);
      }
    }
    const names = submitted.jobs.map((row) => row.jobName);
    process.stderr.write(`run ${runId}: ${names.length} batch job${names.length === 1 ? "" : "s"}\n`);
    if (flags.wait !== true) {
      print({ runId, policy: "batch", jobs: submitted.jobs }, names);
      return submitted.jobs.some((row) => isFailureState(row.state)) ? 1 : 0;
    }
    const waiting = createStderrProgress("processing");
    const ended = await waitForJobs(context.pollDeps, context.pollSettings, names, {
      sleep: (ms) => sleep(ms),
      onPoll: (rows) => waiting.update(sum(rows, (row) => row.counters?.processed ?? 0), sum(rows, (row) => row.counters?.total ?? row.records)),
    });
    waiting.finish();
    await finishEndedCliRuns(context, ended);
    const collected = await collectRunResults({
      runId,
      store: context.store,
      s3,
      outDir,
      prices: model,
      retentionDays: config.data.batch.retention_days,
      now: () => new Date(),
    });
    print(
      { runId, policy: "batch", jobs: collected.jobs, out: outDir, counts: collected.results.counts, cost: collected.cost },
      [...ended.flatMap(describeJob), ...describeResults(collected, collected.jobs)],
    );
    return ended.some((row) => isFailureState(row.state)) ? 1 : 0;
  } finally {
    await context.close();
  }
}

/** What the run became, for its submission: a CLI holds no pool, so `wait` submitted nothing. */
function runEvent(runId: string, submitted: SubmittedRun): SubmissionEvent {
  switch (submitted.action) {
    case "batch":
      return { type: "jobs_created", runId, jobNames: submitted.jobs.map((row) => row.jobName) };
    case "on_demand":
      return { type: "answered", runId };
    case "wait":
      return { type: "refused", reason: submitted.reason };
    default: {
      const unexpected: never = submitted;
      throw new Error(`unknown submit outcome ${JSON.stringify(unexpected)}`);
    }
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
