/**
 * What `bedrock-bot batch plan` runs: a dry run, fully offline (no AWS call, no `[batch]` section needed): how many
 * records, what was skipped and why, how many jobs, which policy applies, what it should cost. `--out <dir>` writes the
 * JSONL input files exactly as they would be uploaded, and the provenance `batch results --plan` joins with.
 */
import { inputFileName } from "../bedrock/batch/jobs/batch-layout.ts";
import { planBatchRun, type BatchPlan } from "../bedrock/batch/run/plan-batch-run.ts";
import { summarizePlan } from "../bedrock/batch/run/plan-summary.ts";
import { writePlanDir } from "../bedrock/batch/run/write-plan-dir.ts";
import type { LoadedConfig } from "../config/index.ts";
import { chooseModel } from "../bedrock/models/choose-model.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { columnSelectionFromFlags, policyFromFlags, promptSpecFromFlags, settingsFromFlags } from "../bedrock/batch/run/batch-run-flags.ts";
import { readInputSources, readOutputSchema, type BatchCliFlags } from "./batch-cli-inputs.ts";
import { describePlan } from "./batch-cli-output.ts";

/** Plans a run from the command line's flags; S3 prefixes only when `expand` can read them. */
export async function planFromFlags(
  config: LoadedConfig,
  inputs: readonly string[],
  flags: BatchCliFlags,
  expand?: Parameters<typeof planBatchRun>[0]["expandDeps"],
): Promise<BatchPlan> {
  const { model } = chooseModel(config, "batch", flags.model);
  const promptSpec = promptSpecFromFlags(flags, model);
  const policy = policyFromFlags(flags);
  const outputSchema = await readOutputSchema(flags.schema, model);
  const columns = columnSelectionFromFlags(flags, config.data.batch);
  return planBatchRun({
    sources: await readInputSources(inputs, { allowS3: expand !== undefined }),
    model,
    promptSpec,
    settings: { ...settingsFromFlags(flags), ...(outputSchema === undefined ? {} : { outputSchema }) },
    ...(columns === undefined ? {} : { columns }),
    ...(policy === undefined ? {} : { policy }),
    batch: config.data.batch,
    ...(expand === undefined ? {} : { expandDeps: expand }),
  });
}

export async function runBatchPlan(inputs: string[], flags: BatchCliFlags, configFlag: string | undefined): Promise<void> {
  const config = await requireCliConfig(configFlag);
  const plan = await planFromFlags(config, inputs, flags);
  const written = flags.out === undefined ? [] : await writePlanDir(plan, flags.out);
  const summary = summarizePlan(plan, inputFileName);
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({ ...summary, ...(flags.out === undefined ? {} : { out: flags.out, files: written }) })}\n`);
  } else {
    process.stdout.write(`${describePlan(summary).join("\n")}\n`);
    if (flags.out !== undefined) process.stdout.write(`written to ${flags.out}: ${written.length} record file${written.length === 1 ? "" : "s"}, provenance.jsonl, skipped.jsonl, plan.json\n`);
  }
}
