/**
 * One run submitted by the CLI, as a submission of the `/batch` lifecycle: recorded before anything is sent, submitted
 * (`submitBatchRun`), and what it became reported. `batch submit` and each stage of a `--then` pipeline go through it.
 */
import type { ModelConfig } from "../config/schema.ts";
import type { BatchPlan } from "../bedrock/batch/run/plan-batch-run.ts";
import { submitBatchRun, type SubmittedRun } from "../bedrock/batch/run/submit-batch-run.ts";
import type { BatchAwsContext } from "./batch-cli-context.ts";
import { cliRunEvent, recordCliSubmission, reportCliRun } from "./cli-submissions.ts";

export async function submitCliRun(
  context: BatchAwsContext,
  run: { plan: BatchPlan; model: Pick<ModelConfig, "name" | "api_provider">; runId: string; outDir: string; onProgress?: (done: number, total: number) => void },
): Promise<SubmittedRun> {
  const { plan, runId } = run;
  const provider = context.providerFor(run.model);
  await recordCliSubmission(context, { id: runId, model: run.model.name, provider, records: plan.counts.records });
  const submitted = await submitBatchRun({
    plan,
    runId,
    provider,
    batch: context.config.data.batch,
    clients: { control: context.control(provider), s3: context.s3(provider), converse: context.converse(provider) },
    store: context.store,
    now: () => new Date(),
    outDir: run.outDir,
    ...(run.onProgress === undefined ? {} : { onProgress: run.onProgress }),
  });
  await reportCliRun(context, runId, cliRunEvent(runId, submitted));
  return submitted;
}
