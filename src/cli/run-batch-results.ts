/**
 * What `bedrock-bot batch results` runs: a finished job's (or run's) results joined by recordId into `results.csv`,
 * `results.jsonl`, `summary.json` (and vectors for embeddings), with cost at the batch price — or the same offline,
 * from downloaded `.jsonl.out` files and a folder written by `batch plan --out`.
 */
import { stat } from "node:fs/promises";
import { jobRowsOfRun } from "../bedrock/batch/jobs/batch-store.ts";
import { isFailureState } from "../bedrock/batch/jobs/job-state.ts";
import { pollBatchJobs } from "../bedrock/batch/jobs/poll-batch-jobs.ts";
import { collectRunResults } from "../bedrock/batch/run/collect-run-results.ts";
import { collectLocalBatchResults } from "../bedrock/batch/results/collect-batch-results.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { chooseModel } from "../bedrock/models/choose-model.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { finishEndedCliRuns } from "./cli-submissions.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { describeResults } from "./batch-cli-output.ts";
import { selectJobRows } from "./select-job-rows.ts";
import { openSinkTarget } from "./open-sink-target.ts";
import { describeSinkWrite } from "../bedrock/sinks/write-embeddings-to-sink.ts";
import type { SinkTarget } from "../bedrock/batch/results/collect-batch-results.ts";
import type { LoadedConfig } from "../config/index.ts";

/** Opens `--sink` (if given), runs `work` with it, closes it. */
async function withSink<T>(config: LoadedConfig | undefined, flags: ResultsFlags, runModel: string | undefined, work: (sink: SinkTarget | undefined) => Promise<T>): Promise<T> {
  if (flags.sink === undefined) {
    if (flags.metadataColumns !== undefined) throw new UserFacingError("--metadata-columns goes with --sink <name>.");
    return work(undefined);
  }
  if (config === undefined) throw new UserFacingError("--sink needs the config file that defines the sink.");
  const target = await openSinkTarget(config, flags.sink, flags.metadataColumns, runModel);
  try {
    return await work(target);
  } finally {
    await target.sink.close();
  }
}

export interface ResultsFlags {
  from?: string;
  plan?: string;
  out?: string;
  model?: string;
  json?: boolean;
  sink?: string;
  metadataColumns?: string;
}

export async function runBatchResults(reference: string | undefined, flags: ResultsFlags, configFlag: string | undefined): Promise<number> {
  const outDir = flags.out;
  if (outDir === undefined) throw new UserFacingError("Give --out <dir> for the result files.");
  if (flags.from !== undefined || flags.plan !== undefined) return offlineResults({ ...flags, out: outDir }, configFlag);
  if (reference === undefined) throw new UserFacingError("Give a job (name, ARN, id or run id), or --from and --plan for offline results.");
  const config = await requireCliConfig(configFlag);
  const context = openBatchAwsContext(config);
  try {
    const polled = await pollBatchJobs(context.pollDeps, context.pollSettings);
    await finishEndedCliRuns(context, polled.rows);
    const selected = selectJobRows(polled.rows, reference);
    const first = selected[0];
    if (first === undefined) throw new UserFacingError(`No batch job "${reference}".`);
    const runJobs = await jobRowsOfRun(context.store, first.runId);
    const model = config.models.find((entry) => entry.name === first.model);
    const collected = await withSink(config, flags, first.model, (sink) => collectRunResults({
      runId: first.runId,
      ...(sink === undefined ? {} : { sink }),
      ...(selected.length < runJobs.length ? { jobNames: selected.map((row) => row.jobName) } : {}),
      store: context.store,
      s3: context.s3(first.provider),
      outDir,
      ...(model === undefined ? {} : { prices: model }),
      retentionDays: config.data.batch.retention_days,
      now: () => new Date(),
    }));
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ runId: first.runId, out: outDir, jobs: collected.jobs, counts: collected.results.counts, tokens: collected.results.tokens, cost: collected.cost, files: collected.files, sink: collected.sink, warnings: collected.results.warnings })}\n`);
    } else {
      process.stdout.write(`${[...describeResults(collected, collected.jobs), ...(collected.sink === undefined ? [] : [describeSinkWrite(collected.sink)])].join("\n")}\n`);
    }
    return collected.jobs.some((row) => isFailureState(row.state)) ? 1 : 0;
  } finally {
    await context.close();
  }
}

async function offlineResults(flags: ResultsFlags & { out: string }, configFlag: string | undefined): Promise<number> {
  const { from, plan } = flags;
  if (from === undefined || plan === undefined) throw new UserFacingError("Offline results need both --from <outputs> and --plan <plan dir>.");
  if (!(await isDirectory(from))) throw new UserFacingError(`--from ${from}: no such folder.`);
  if (!(await isDirectory(plan))) throw new UserFacingError(`--plan ${plan}: no such folder (write one with batch plan --out).`);
  // Prices and sinks are the only things the config is needed for here.
  const config = flags.model === undefined && flags.sink === undefined ? undefined : await requireCliConfig(configFlag);
  const model = flags.model === undefined || config === undefined ? undefined : chooseModel(config, "batch", flags.model).model;
  const collected = await withSink(config, flags, model?.name, (sink) =>
    collectLocalBatchResults({ fromDir: from, planDir: plan, outDir: flags.out, ...(model === undefined ? {} : { prices: model }), ...(sink === undefined ? {} : { sink }) }),
  );
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({ out: flags.out, counts: collected.results.counts, tokens: collected.results.tokens, cost: collected.cost, files: collected.files, sink: collected.sink, warnings: collected.results.warnings })}\n`);
  } else {
    process.stdout.write(`${[...describeResults(collected), ...(collected.sink === undefined ? [] : [describeSinkWrite(collected.sink)])].join("\n")}\n`);
  }
  return 0;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}
