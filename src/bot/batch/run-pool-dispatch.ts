/**
 * The side effects of contributions taken out of a waiting pool (`PoolDispatch`, recorded on the pool row by the
 * same atomic update that took them), done so that a process dying anywhere loses nothing and repeats nothing:
 *
 *     claim lease `pool-dispatch:<id>` -> still recorded? -> [job] PooledRun, then the job (skipped once the run is
 *     submitted) -> one exactly-once notice per contributor -> remove the dispatch from the pool -> release
 *
 * - `job`: the pooled run id is the dispatch id, so a repeat of `startBatchJobs` re-sends the same Create requests
 *   with the same tokens and Bedrock answers with the job it has (no second job).
 * - Notices go through `deliverPoolNotice` (marker scan), so a contributor told before a death is not told again.
 *   An expired contribution's on-demand answers are computed while rendering its notice and kept in S3.
 * - The taker runs this right after taking; the watcher's sweep (`expireWaitPools`) runs it for dispatches older
 *   than `DISPATCH_GRACE_MS` whose lease it wins: the taker's lease lives `DISPATCH_LEASE_MS` after a death, so a
 *   dispatch left by a dead process is finished that much later. A failure short of a death releases the lease at
 *   once and leaves the dispatch recorded, for the next sweep.
 *
 * Remaining windows: the filler's own reply (the interaction, not a notice) is lost if the process dies between
 * removing the dispatch and replying — the job is out and their results still come; and see `answerHeldOnDemand`.
 */
import { batchJobName } from "../../bedrock/batch/jobs/job-names.ts";
import type { TellSubmission } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { startBatchJobs } from "../../bedrock/batch/run/start-batch-jobs.ts";
import { findModel } from "../../config/index.ts";
import type { ModelConfig } from "../../config/schema.ts";
import type { PoolDispatch, WaitPool } from "../../store/batch-pool.ts";
import { answerHeldOnDemand } from "./answer-held-on-demand.ts";
import { closeDispatch, contributionsToTell, describeExpired, describeReady, emptyPool, layoutPooledJob, poolNoticeName } from "./batch-wait-pool.ts";
import { deliverPoolNotice } from "./deliver-pool-notice.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import { pooledPlan, type HeldRecordsPlace } from "./pool-held-records.ts";

/** How long a dispatch's lease outlives a dead taker: above the longest upload of a pooled job's records. */
const DISPATCH_LEASE_MS = 10 * 60_000;

function dispatchLeaseKey(dispatchId: string): string {
  return `pool-dispatch:${dispatchId}`;
}

export type DispatchOutcome =
  /** Everything done; the dispatch is off the pool. */
  | "done"
  /** Another process holds the dispatch (the taker still at it, or dead less than a lease ago). */
  | "claimed_elsewhere"
  /** Already finished by another process. */
  | "gone"
  /** Some notices could not go out yet (Discord refused, another instance holds one): the next sweep retries. */
  | "unfinished";

export interface RunDispatchOptions {
  /** Moves each contribution's submission on once its part is done (pool filled, or deadline passed and told). */
  tell: TellSubmission;
  /** The contribution the caller answers in its own reply (the one that filled the pool): no notice, no event. */
  answeredInReply?: string;
}

/** `pool` is the pool as the dispatch was taken (its key, model, minimum and deadline hours). */
export async function runPoolDispatch(pool: WaitPool, dispatch: PoolDispatch, deps: PoolDispatchDeps, options: RunDispatchOptions): Promise<DispatchOutcome> {
  const { runtime } = deps;
  const lease = dispatchLeaseKey(dispatch.id);
  const claim = await runtime.leases.claimLease(lease, runtime.instanceId, DISPATCH_LEASE_MS);
  if (!claim.claimed) return "claimed_elsewhere";
  try {
    // A sweep that won the lease just after the taker finished and released it: nothing is left to do.
    const stored = await runtime.pools.get(pool.key);
    if (stored?.dispatching?.some((each) => each.id === dispatch.id) !== true) return "gone";
    const model = findModel(deps.config, pool.model);
    const bucket = deps.config.data.batch.bucket;
    if (model === undefined || bucket === undefined) throw new Error(`model ${pool.model} or [batch] bucket is gone; cannot dispatch ${dispatch.id} of pool ${pool.key}`);
    const place: HeldRecordsPlace = { s3: runtime.s3(runtime.providerFor(model)), bucket, prefix: deps.config.data.batch.prefix };
    if (dispatch.kind === "job") await startPooledJob(dispatch, model, place, deps);
    if (!(await tellContributors(pool, dispatch, model, place, deps, options))) return "unfinished";
    if (!(await moveSubmissions(dispatch, deps, options))) return "unfinished";
    const { key, model: name, minRecords, deadlineHours } = pool;
    await runtime.pools.update(key, (current) => ({ pool: closeDispatch(current ?? emptyPool({ key, model: name, minRecords, deadlineHours }), dispatch.id), result: undefined }));
    return "done";
  } finally {
    await runtime.leases.releaseLease(lease, runtime.instanceId).catch(() => undefined);
  }
}

async function startPooledJob(dispatch: PoolDispatch, model: ModelConfig, place: HeldRecordsPlace, deps: PoolDispatchDeps): Promise<void> {
  const { runtime } = deps;
  const job = dispatch.job;
  if (job === undefined) throw new Error(`pool dispatch ${dispatch.id} is a job without its owner`);
  const pooled = { runId: dispatch.id, shares: layoutPooledJob(dispatch.contributions) };
  await runtime.pooledRuns.put(dispatch.id, pooled);
  // By contribution too: a submission whose own turn died after its pool went out finds its run instead of joining again.
  for (const share of pooled.shares) await runtime.pooledRuns.put(pooledRunKeyOf(share.contribution.id), pooled);
  // An earlier attempt got the run submitted: its records need not be read and uploaded again.
  if ((await runtime.store.runs.get(dispatch.id))?.state === "submitted") return;
  const provider = runtime.providerFor(model);
  await startBatchJobs({
    plan: await pooledPlan(place, dispatch.contributions, model, job.invocationType),
    runId: dispatch.id,
    provider,
    batch: deps.config.data.batch,
    control: runtime.control(provider),
    s3: place.s3,
    store: runtime.store,
    now: runtime.now,
    owner: job.owner,
  });
  runtime.wakeWatcher?.();
}

/** Where a contribution's pooled run is kept, beside the run's own key. */
export function pooledRunKeyOf(contributionId: string): string {
  return `of-${contributionId}`;
}

/** The job names of a pooled run (its run row says how many jobs it has). */
export async function pooledRunJobNames(deps: Pick<PoolDispatchDeps, "runtime">, runId: string): Promise<string[]> {
  const run = await deps.runtime.store.runs.get(runId);
  if (run === undefined) throw new Error(`pooled run ${runId} is not in the store`);
  return Array.from({ length: run.jobs }, (_, index) => batchJobName(runId, index + 1));
}

/**
 * Each contribution's submission follows its records: into the pooled run, or out after its deadline. Done after the
 * notices and before the dispatch leaves the pool, so a death in between repeats it (the events are idempotent: a
 * submission already moved ignores them). False when one is busy: the sweep comes back.
 */
async function moveSubmissions(dispatch: PoolDispatch, deps: PoolDispatchDeps, options: RunDispatchOptions): Promise<boolean> {
  const jobNames = dispatch.kind === "job" ? await pooledRunJobNames(deps, dispatch.id) : [];
  let all = true;
  for (const { contribution, start, end } of layoutPooledJob(dispatch.contributions)) {
    if (contribution.id === options.answeredInReply) continue;
    const event = dispatch.kind === "job" ? ({ type: "pool_filled", runId: dispatch.id, jobNames, share: { start, end } } as const) : ({ type: "pool_expired" } as const);
    const moved = await options.tell(contribution.id, event);
    if (moved.outcome === "busy") all = false;
  }
  return all;
}

/** One notice per contributor; true when every one is out (or recorded undeliverable). */
async function tellContributors(pool: WaitPool, dispatch: PoolDispatch, model: ModelConfig, place: HeldRecordsPlace, deps: PoolDispatchDeps, options: RunDispatchOptions): Promise<boolean> {
  const action = deps.config.data.batch.wait_deadline_action;
  const taken: WaitPool = { ...pool, contributions: dispatch.contributions };
  let all = true;
  for (const contribution of contributionsToTell(dispatch, options.answeredInReply)) {
    const noticeId = noticeIdOf(poolNoticeName(dispatch.kind), contribution.id);
    const record = await deps.runtime.notices.get(noticeId);
    if (record?.receipt !== undefined || record?.undeliverable !== undefined) continue;
    // An on-demand answer runs under the notice's lease (`DEFAULT_NOTICE_LEASE_MS`, far above a pool's few records).
    const onDemand = dispatch.kind === "expired" && action === "on_demand";
    try {
      const outcome = await deliverPoolNotice(
        {
          noticeId,
          owner: contribution.owner,
          render: async () =>
            dispatch.kind === "job"
              ? { text: describeReady(contribution, dispatch.contributions, pool.model), files: [] }
              : { text: describeExpired(contribution, taken, action), files: onDemand ? await answerHeldOnDemand(contribution, model, place, deps) : [] },
        },
        deps,
      );
      if (outcome.outcome === "claimed_elsewhere") all = false;
    } catch (error) {
      all = false;
      deps.logger.error({ err: error, noticeId, pool: pool.key }, "could not tell a waiting-pool contributor; the watcher retries");
    }
  }
  return all;
}
