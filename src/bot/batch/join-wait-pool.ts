/**
 * `/batch submit` with policy `wait` and too few records: the records are held in S3 (`holdRecords`), the submission
 * joins its pool (`addToPool`), and the contributor reads how many more are needed. When it fills the pool, ONE batch
 * job goes out for every contribution (`pooledPlan`), the run's shares are stored (`PooledRun`) for the watcher to
 * give each contributor only their rows, and every other contributor is told in their own channel.
 */
import { join } from "node:path";
import type { JobOwner } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { createRunId } from "../../bedrock/batch/jobs/job-names.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import { startBatchJobs } from "../../bedrock/batch/run/start-batch-jobs.ts";
import type { PoolContribution, PoolOwner } from "../../store/batch-pool.ts";
import type { BatchCommandContext } from "./batch-submit-command.ts";
import { addToPool, describeReady, describeWaiting, emptyPool, layoutPooledJob, poolKeyOf, type AddToPoolResult } from "./batch-wait-pool.ts";
import { holdRecords, pooledPlan, type HeldRecordsPlace } from "./pool-held-records.ts";

export interface JoinWaitPoolInput {
  plan: BatchPlan;
  runId: string;
  provider: string;
  owner: JobOwner;
  context: BatchCommandContext;
  /** Posts a line to another contributor (their channel, replying to their submission). */
  tell: (owner: PoolOwner, text: string) => Promise<void>;
}

/** What the contributor's reply says. */
export async function joinWaitPool(input: JoinWaitPoolInput): Promise<string> {
  const { plan, runId, context, owner } = input;
  const batch = context.config.data.batch;
  if (batch.bucket === undefined) throw new Error("[batch] bucket is required to hold waiting records");
  const place: HeldRecordsPlace = { s3: context.batch.s3(input.provider), bucket: batch.bucket, prefix: batch.prefix };
  // The run id is unique per submission: it names the contribution too.
  const contributionId = runId.replace(/[^A-Za-z0-9-]/g, "-");
  const records = await holdRecords(place, plan, runId, contributionId);
  const contribution: PoolContribution = { id: contributionId, owner, runId, records, addedAt: context.now().toISOString() };
  const key = poolKeyOf(owner, plan.model.name, batch.wait_pool_scope);
  const added = await context.batch.pools.update<AddToPoolResult>(key, (pool) => {
    const result = addToPool(pool ?? emptyPool({ key, model: plan.model.name, minRecords: plan.minRecords, deadlineHours: batch.wait_deadline_hours }), contribution, context.now());
    return { pool: result.pool, result };
  });
  if (added.ready === undefined) return describeWaiting(contribution, added.pool, added.needed, batch.wait_deadline_action);

  const pooledRunId = createRunId(context.now());
  const shares = layoutPooledJob(added.ready);
  await context.batch.pooledRuns.put(pooledRunId, { runId: pooledRunId, shares });
  await startBatchJobs({
    plan: await pooledPlan(place, added.ready, plan.model, plan.invocationType),
    runId: pooledRunId,
    provider: input.provider,
    batch,
    control: context.batch.control(input.provider),
    s3: place.s3,
    store: context.batch.store,
    now: context.now,
    owner,
  });
  context.batch.wakeWatcher?.();
  for (const other of added.ready) {
    if (other.id === contribution.id) continue;
    await input.tell(other.owner, describeReady(other, added.ready, plan.model.name)).catch((error: unknown) => {
      context.logger.warn({ err: error, contributionId: other.id }, "could not tell a contributor that the pool is full");
    });
  }
  return describeReady(contribution, added.ready, plan.model.name);
}

/** Where a pooled run's local results go, per contribution. */
export function shareResultsDir(workDir: string, jobName: string, contributionId: string): string {
  return join(workDir, "bdb-results", jobName, contributionId);
}
