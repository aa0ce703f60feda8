/**
 * `/batch submit` with policy `wait` and too few records: the records are held in S3 (`holdRecords`), the submission
 * joins its pool (`addToPool`), and the contributor reads how many more are needed. When it fills the pool, the same
 * atomic update moves every contribution into a `job` dispatch on the pool row (its pooled run id made beforehand),
 * and only then `runPoolDispatch` does the rest: the run's shares (`PooledRun`, so each contributor gets only their
 * rows), ONE batch job for every contribution, and a notice to every other contributor in their own channel. A
 * process that dies after the update leaves the dispatch for the watcher's sweep to finish; see `run-pool-dispatch.ts`.
 */
import type { JobOwner } from "../../store/job-owner.ts";
import { createRunId } from "../../bedrock/batch/jobs/job-names.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { PoolContribution, PoolDispatch } from "../../store/batch-pool.ts";
import { PoolBusyError } from "../../store/keyv-batch-pool-repository.ts";
import type { TellSubmission } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { addToPool, describeReady, describeReadyPending, describeWaiting, emptyPool, layoutPooledJob, openDispatch, poolKeyOf, recordsText, type AddToPoolResult } from "./batch-wait-pool.ts";
import { deleteHeldRecords, holdRecords, type HeldRecordsPlace } from "./pool-held-records.ts";
import { pooledRunJobNames, pooledRunKeyOf, runPoolDispatch } from "./run-pool-dispatch.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";

export interface JoinWaitPoolInput {
  plan: BatchPlan;
  /** The submission's id: its run id, and the contribution's id. */
  runId: string;
  provider: string;
  owner: JobOwner;
  /** `client` posts the other contributors' notices (their channel, replying to their submission). */
  deps: PoolDispatchDeps;
  /** Moves the other contributors' submissions on when this one fills the pool. */
  tell: TellSubmission;
}

/** This contribution's place in the pooled run, when it filled the pool and the job went out in this call. */
export interface FilledPool {
  runId: string;
  jobNames: string[];
  share: { start: number; end: number };
}

/** What the contributor's reply says, and the pool it joined. */
export async function joinWaitPool(input: JoinWaitPoolInput): Promise<{ told: string; poolKey: string; filled?: FilledPool }> {
  const { plan, runId, owner, deps } = input;
  const { runtime, config, logger } = deps;
  const batch = config.data.batch;
  if (batch.bucket === undefined) throw new Error("[batch] bucket is required to hold waiting records");
  const place: HeldRecordsPlace = { s3: runtime.s3(input.provider), bucket: batch.bucket, prefix: batch.prefix };
  // The run id is unique per submission: it names the contribution too.
  const contributionId = runId.replace(/[^A-Za-z0-9-]/g, "-");
  // A repeat (the submission's turn died after joining): the pool has it already, or it went out in a pooled run.
  const key = poolKeyOf(owner, plan.model.name, batch.wait_pool_scope);
  const earlier = await joinedEarlier(deps, key, contributionId);
  if (earlier !== undefined) return earlier;
  const records = await holdRecords(place, plan, runId, contributionId);
  const now = runtime.now();
  const contribution: PoolContribution = { id: contributionId, owner, runId, records, addedAt: now.toISOString() };
  // Made before the update, so the dispatch recorded by it names the job a resumed dispatch creates.
  const pooledRunId = createRunId(now);
  const added = await updateOrBusy(plan.model.name, () =>
    runtime.pools.update<{ result: AddToPoolResult; dispatch?: PoolDispatch }>(key, (pool) => {
      const result = addToPool(pool ?? emptyPool({ key, model: plan.model.name, minRecords: plan.minRecords, deadlineHours: batch.wait_deadline_hours }), contribution, now);
      if (result.ready === undefined) return { pool: result.pool, result: { result } };
      const dispatch: PoolDispatch = { id: pooledRunId, kind: "job", contributions: result.ready, takenAt: now.toISOString(), job: { owner, invocationType: plan.invocationType } };
      return { pool: openDispatch(result.pool, dispatch), result: { result, dispatch } };
    }),
  ).catch(async (error: unknown) => {
    // Not in the pool (busy, or the store failed): nothing will ever read the records just held, so they go.
    await deleteHeldRecords(place, runId).catch((cleanup: unknown) => logger.warn({ err: cleanup, runId }, "could not delete the records of a refused pool submission"));
    throw error;
  });
  const { result, dispatch } = added;
  if (result.ready === undefined || dispatch === undefined) return { told: describeWaiting(contribution, result.pool, result.needed, batch.wait_deadline_action), poolKey: key };

  const outcome = await runPoolDispatch(result.pool, dispatch, deps, { tell: input.tell, answeredInReply: contribution.id }).catch((error: unknown) => {
    logger.error({ err: error, pool: key, dispatchId: dispatch.id }, "could not dispatch a full waiting pool; the watcher retries");
    return "failed" as const;
  });
  // Anything short of done is finished by the sweep, which then tells this contributor too: say so, not "it's out".
  if (outcome !== "done") return { told: describeReadyPending(contribution, result.ready, plan.model.name), poolKey: key };
  const mine = layoutPooledJob(dispatch.contributions).find((each) => each.contribution.id === contribution.id);
  if (mine === undefined) throw new Error(`contribution ${contribution.id} is not in the dispatch it filled`);
  const filled: FilledPool = { runId: dispatch.id, jobNames: await pooledRunJobNames(deps, dispatch.id), share: { start: mine.start, end: mine.end } };
  return { told: describeReady(contribution, result.ready, plan.model.name), poolKey: key, filled };
}

async function joinedEarlier(deps: PoolDispatchDeps, key: string, contributionId: string): Promise<{ told: string; poolKey: string; filled?: FilledPool } | undefined> {
  const pooled = await deps.runtime.pooledRuns.get(pooledRunKeyOf(contributionId));
  const mine = pooled?.shares.find((share) => share.contribution.id === contributionId);
  if (pooled !== undefined && mine !== undefined) {
    const filled: FilledPool = { runId: pooled.runId, jobNames: await pooledRunJobNames(deps, pooled.runId), share: { start: mine.start, end: mine.end } };
    return { told: `Your ${recordsText(mine.end - mine.start)} went out with their pool as one batch job; you'll be told here when it is done.`, poolKey: key, filled };
  }
  const pool = await deps.runtime.pools.get(key);
  const waiting = pool?.contributions.some((each) => each.id === contributionId) === true || pool?.dispatching?.some((dispatch) => dispatch.contributions.some((each) => each.id === contributionId)) === true;
  return waiting ? { told: `Your records are in the waiting pool for ${pool?.model ?? "the model"}.`, poolKey: key } : undefined;
}

/** Busy only for the milliseconds another instance holds the pool (the repository retries briefly first). */
export async function updateOrBusy<R>(model: string, update: () => Promise<R>): Promise<R> {
  try {
    return await update();
  } catch (error) {
    if (!(error instanceof PoolBusyError)) throw error;
    throw new UserFacingError(`The waiting pool for ${model} is busy (another bot instance is changing it right now). Try again in a few seconds.`, { cause: error });
  }
}
