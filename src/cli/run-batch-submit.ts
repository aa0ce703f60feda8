/**
 * What `bedrock-bot batch submit` runs: plans like `batch plan`, then runs the plan — batch jobs (job names printed,
 * one per line), on-demand calls under the model's minimum (results written to `--out`), held records (`wait`), or a
 * refusal. `--wait` polls until the jobs end and writes their results to `--out`.
 */
import { allowedSourceBuckets } from "../bedrock/batch/inputs/list-s3-prefix.ts";
import { isFailureState } from "../bedrock/batch/jobs/job-state.ts";
import { checkRunId, createRunId } from "../bedrock/batch/jobs/job-names.ts";
import { policyFromFlags } from "../bedrock/batch/run/batch-run-flags.ts";
import { pipelinePolicy } from "../bedrock/batch/pipeline/plan-pipeline-stage.ts";
import { describeStage } from "../bot/batch/render-pipeline-progress.ts";
import { chooseModel } from "../bedrock/models/choose-model.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { submitCliRun } from "./submit-cli-run.ts";
import { cliPipelineStages, runCliPipelineStages, stageDir } from "./run-batch-pipeline.ts";
import { waitAndCollect } from "./wait-and-collect.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import type { BatchCliFlags } from "./batch-cli-inputs.ts";
import { describeOnDemandCost } from "../bedrock/batch/run/describe-on-demand-cost.ts";
import { describeJob, describeResults } from "./batch-cli-output.ts";
import { planFromFlags } from "./run-batch-plan.ts";
import { createStderrProgress } from "./batch-progress-bar.ts";

export interface SubmitFlags extends BatchCliFlags {
  wait?: boolean;
  runId?: string;
  /** Follow-up stages (`--then`, repeated), then those of `--pipeline <file>`. */
  then: string[];
  pipeline?: string;
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
    const stages = await cliPipelineStages(flags, model, config);
    if (stages.length > 0 && flags.wait !== true) throw new UserFacingError("--then and --pipeline need --wait: each stage starts when the one before it ends, and the CLI waits for them.");
    const policy = pipelinePolicy(stages, policyFromFlags(flags), config.data.batch.small_batch_policy);
    const plan = await planFromFlags(config, inputs, { ...flags, ...(policy === undefined ? {} : { policy }) }, { s3, allowedBuckets: allowedSourceBuckets(config.data.batch) });
    const runId = flags.runId === undefined ? createRunId(new Date()) : checkRunId(flags.runId);
    const outDir = flags.out ?? defaultResultsDir(runId);
    // A pipeline keeps each stage's results in a folder of its own and the joined ones at the top.
    const stageOut = stages.length === 0 ? outDir : stageDir(outDir, 1);
    const finishPipeline = async (price: "batch" | "on_demand"): Promise<number> => {
      const result = await runCliPipelineStages(context, { runId, outDir, firstModel: model.name, firstPrice: price, stages });
      print({ runId, pipeline: result.stages, out: outDir, records: result.records, succeeded: result.succeeded }, [
        ...result.stages.map((stage, index) => `stage ${index + 1} (${stage.model}): ${describeStage(stage.summary)}`),
        `${result.succeeded} of ${result.records} records made it through all ${stages.length + 1} stages: ${result.files.csv}`,
      ]);
      return result.succeeded === result.records ? 0 : 1;
    };
    const progress = createStderrProgress(plan.decision.action === "on_demand" ? "on demand" : "uploading");
    const submitted = await submitCliRun(context, { plan, model, runId, outDir: stageOut, onProgress: (done, total) => progress.update(done, total) });
    progress.finish();
    const print = (json: object, lines: string[]): void => {
      process.stdout.write(flags.json === true ? `${JSON.stringify(json)}\n` : lines.length > 0 ? `${lines.join("\n")}\n` : "");
    };
    switch (submitted.action) {
      case "wait":
        process.stderr.write(`${submitted.reason}\n`);
        print({ runId, policy: "wait", held: submitted.held }, []);
        return 0;
      case "on_demand": {
        if (stages.length > 0) return await finishPipeline("on_demand");
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
    const { ended, collected } = await waitAndCollect(context, names, { runId, s3, outDir: stageOut, prices: model });
    if (stages.length > 0) return await finishPipeline("batch");
    print(
      { runId, policy: "batch", jobs: collected.jobs, out: outDir, counts: collected.results.counts, cost: collected.cost },
      [...ended.flatMap(describeJob), ...describeResults(collected, collected.jobs)],
    );
    return ended.some((row) => isFailureState(row.state)) ? 1 : 0;
  } finally {
    await context.close();
  }
}
