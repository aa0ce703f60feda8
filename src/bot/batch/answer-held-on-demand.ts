/**
 * An expired contribution's held records answered on demand (`[batch] wait_deadline_action = "on_demand"`), as the
 * results.csv a batch job gives. Paid for once in the common crash cases: the answers are kept in S3 beside the held
 * records as soon as they are computed (`keepHeldAnswers`), and every attempt looks there first, so a notice that
 * failed to post, or a process that died before posting it, reuses them instead of calling the model again.
 *
 * Remaining window: a process that dies DURING the calls (or before their upload finished) pays again, on the next
 * attempt, for the records it had answered. The notice's lease (`deliverJobNotice`) keeps two live instances from
 * answering one contribution at once.
 */
import { join } from "node:path";
import { collectBatchResults } from "../../bedrock/batch/results/collect-batch-results.ts";
import { listLocalBatchOutput } from "../../bedrock/batch/results/list-local-batch-output.ts";
import { runOnDemand } from "../../bedrock/batch/run/run-on-demand.ts";
import type { ModelConfig } from "../../config/schema.ts";
import type { PoolContribution } from "../../store/batch-pool.ts";
import { fetchHeldAnswers, keepHeldAnswers, readHeldRecords, streamHeldRecords, type HeldRecordsPlace } from "./pool-held-records.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { onDemandUsageRecord } from "./record-batch-usage.ts";

/** The contribution's results.csv (none when nothing came back). */
export async function answerHeldOnDemand(
  contribution: PoolContribution,
  model: ModelConfig,
  place: HeldRecordsPlace,
  deps: PoolDispatchDeps,
): Promise<{ attachment: string; name: string }[]> {
  const { runtime } = deps;
  const records = await readHeldRecords(place, contribution.runId);
  const outDir = join(runtime.workDir, "bdb-results", contribution.runId);
  const outputDir = join(outDir, "outputs");
  if (!(await fetchHeldAnswers(place, contribution.runId, outputDir))) {
    const provider = runtime.providerFor(model);
    const outcome = await runOnDemand({
      records: streamHeldRecords(place, [contribution]),
      total: records.length,
      model,
      client: runtime.converse(provider),
      concurrency: deps.config.data.batch.on_demand_concurrency,
      serviceTier: deps.config.data.batch.on_demand_tier,
      outputDir,
    });
    // Every run that called the model is spend (a rerun after a crash too), so a plain record, not `recordOnce`.
    await deps.usage.record(onDemandUsageRecord(model, outcome, contribution.owner, runtime.now())).catch((error: unknown) => {
      deps.logger.error({ err: error, contributionId: contribution.id }, "recording on-demand usage of an expired pool failed");
    });
    await keepHeldAnswers(place, contribution.runId, outputDir);
  }
  const collected = await collectBatchResults({
    sources: await listLocalBatchOutput(outputDir),
    plan: { provenance: new Map(records.map((record) => [record.recordId, record.provenance])), skipped: [] },
    outDir,
  });
  const csv = collected.files.csv;
  return csv === undefined ? [] : [{ attachment: csv, name: "results.csv" }];
}
