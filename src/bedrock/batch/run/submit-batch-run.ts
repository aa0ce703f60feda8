/**
 * Executes a plan: `batch` -> jobs at Bedrock (uploaded, recorded, created); `on_demand` -> live Converse calls whose
 * answers are joined by the same results code; `wait` -> the records are held (reported, for the Discord side to pool);
 * `reject` -> a `UserFacingError` with the numbers.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import type { BatchConfig } from "../../../config/schema.ts";
import type { ConverseClient } from "../../converse/converse.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { BatchJobRow, BatchRunRow } from "../jobs/batch-job-row.ts";
import type { JobOwner } from "../../../store/job-owner.ts";
import type { BatchControl } from "../jobs/batch-control-client.ts";
import type { BatchStore } from "../jobs/batch-store.ts";
import { collectBatchResults, type CollectedBatchResults } from "../results/collect-batch-results.ts";
import { listLocalBatchOutput } from "../results/list-local-batch-output.ts";
import type { HeldRecords } from "./decide-run-action.ts";
import type { BatchPlan } from "./plan-batch-run.ts";
import { runOnDemand, type OnDemandOutcome } from "./run-on-demand.ts";
import { startBatchJobs, type BatchJobsConfig } from "./start-batch-jobs.ts";

/** Folder of `outDir` holding the on-demand outputs (`.jsonl.out` + manifest), next to the result files. */
const ON_DEMAND_OUTPUTS_DIR = "outputs";

export interface SubmitBatchRunInput {
  plan: BatchPlan;
  runId: string;
  /** `[[api_providers]]` name of the clients. */
  provider: string;
  batch: BatchJobsConfig & Pick<BatchConfig, "on_demand_concurrency" | "on_demand_tier">;
  clients: { control: BatchControl; s3: S3Client; converse: ConverseClient };
  store: BatchStore;
  now: () => Date;
  owner?: JobOwner;
  /** Where an on_demand run writes its outputs and results (required for on_demand). */
  outDir?: string;
  /** Records uploaded (batch) or answered (on_demand) so far. */
  onProgress?: (done: number, total: number) => void;
}

export type SubmittedRun =
  | { action: "batch"; run: BatchRunRow; jobs: BatchJobRow[] }
  | ({ action: "on_demand"; run: BatchRunRow; collected: CollectedBatchResults } & OnDemandOutcome)
  | { action: "wait"; held: HeldRecords; reason: string };

export async function submitBatchRun(input: SubmitBatchRunInput): Promise<SubmittedRun> {
  const { plan } = input;
  const { decision } = plan;
  switch (decision.action) {
    case "reject":
      throw new UserFacingError(decision.reason);
    case "wait":
      return { action: "wait", held: decision.held, reason: decision.reason };
    case "batch": {
      const { run, jobs } = await startBatchJobs({
        plan,
        runId: input.runId,
        provider: input.provider,
        batch: input.batch,
        control: input.clients.control,
        s3: input.clients.s3,
        store: input.store,
        now: input.now,
        ...(input.owner === undefined ? {} : { owner: input.owner }),
        ...(input.onProgress === undefined ? {} : { onUpload: input.onProgress }),
      });
      return { action: "batch", run, jobs };
    }
    case "on_demand":
      return submitOnDemand(input);
    default: {
      const unexpected: never = decision;
      throw new Error(`unknown plan decision ${JSON.stringify(unexpected)}`);
    }
  }
}

async function submitOnDemand(input: SubmitBatchRunInput): Promise<SubmittedRun> {
  const { plan, outDir } = input;
  if (outDir === undefined) throw new UserFacingError("On-demand runs write their results locally: give an output folder.");
  const run: BatchRunRow = {
    runId: input.runId,
    createdAt: input.now().toISOString(),
    provider: input.provider,
    model: plan.model.name,
    modelId: plan.model.model_identifier,
    action: "on_demand",
    counts: plan.counts,
    jobs: 0,
    state: "submitted",
    ...(input.owner === undefined ? {} : { owner: input.owner }),
    ...(plan.outputSchema === undefined ? {} : { outputSchema: plan.outputSchema }),
  };
  await input.store.runs.put(run.runId, run);
  const outputDir = join(outDir, ON_DEMAND_OUTPUTS_DIR);
  const outcome = await runOnDemand({
    records: plan.replay(),
    total: plan.counts.records,
    model: plan.model,
    client: input.clients.converse,
    concurrency: input.batch.on_demand_concurrency,
    serviceTier: input.batch.on_demand_tier,
    outputDir,
    ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress }),
  });
  const collected = await collectBatchResults({
    sources: await listLocalBatchOutput(outputDir),
    plan: { provenance: new Map(plan.provenance.map((record) => [record.recordId, record.provenance])), skipped: plan.skipped },
    outDir,
    ...(plan.outputSchema === undefined ? {} : { schema: plan.outputSchema }),
  });
  const done: BatchRunRow = { ...run, state: "done" };
  await input.store.runs.put(run.runId, done);
  // Priced per call, at the tier Bedrock said served it (flex where the model took it).
  return { action: "on_demand", run: done, collected, ...outcome };
}
