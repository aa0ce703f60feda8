/**
 * The watcher's sweep over waiting pools (policy `wait`), each cycle:
 *
 * 1. a pool whose deadline passed short of the minimum is drained: its contributions move, in the same atomic update,
 *    into an `expired` dispatch on the pool row, and `runPoolDispatch` tells each contributor once in their channel
 *    (`describeExpired`) — with, when `[batch] wait_deadline_action = "on_demand"`, their held records answered on
 *    demand at full price and the same results.csv a batch job gives;
 * 2. dispatches left unfinished — by a process that died after taking a full pool or an expired one, or by a failure
 *    it could not get past — are finished (the job created once, each contributor told once).
 *
 * A pool another instance is changing (`PoolBusyError`) is left for the next cycle.
 */
import { createRunId } from "../../bedrock/batch/jobs/job-names.ts";
import type { PoolDispatch, WaitPool } from "../../store/batch-pool.ts";
import type { TellSubmission } from "../../bedrock/batch/lifecycle/run-submission.ts";
import type { BatchWatcherDeps } from "./batch-runtime-types.ts";
import { dispatchesToResume, expirePool, openDispatch } from "./batch-wait-pool.ts";
import { runPoolDispatch } from "./run-pool-dispatch.ts";

export async function expireWaitPools(deps: BatchWatcherDeps, tell: TellSubmission): Promise<void> {
  const now = deps.runtime.now();
  for (const pool of await deps.runtime.pools.all()) {
    const expired = await takeExpired(pool, now, deps).catch((error: unknown) => {
      deps.logger.error({ err: error, pool: pool.key }, "could not take an expired waiting pool; retrying on the next poll");
      return undefined;
    });
    if (expired !== undefined) await finish(expired.pool, expired.dispatch, deps, tell);
    for (const left of dispatchesToResume(pool, now)) await finish(pool, left, deps, tell);
  }
}

/** Moves the contributions of a pool past its deadline into an `expired` dispatch; undefined when none are due. */
async function takeExpired(waiting: WaitPool, now: Date, deps: BatchWatcherDeps): Promise<{ pool: WaitPool; dispatch: PoolDispatch } | undefined> {
  if (waiting.deadline === undefined || now.getTime() < Date.parse(waiting.deadline)) return undefined;
  const dispatchId = createRunId(now);
  return deps.runtime.pools.update<{ pool: WaitPool; dispatch: PoolDispatch } | undefined>(waiting.key, (pool) => {
    // Gone meanwhile (filled, or swept by another instance): store nothing new.
    if (pool === undefined) return { pool: { ...waiting, contributions: [], dispatching: [] }, result: undefined };
    const { pool: drained, expired } = expirePool(pool, now);
    if (expired.length === 0) return { pool, result: undefined };
    const dispatch: PoolDispatch = { id: dispatchId, kind: "expired", contributions: expired, takenAt: now.toISOString() };
    return { pool: openDispatch(drained, dispatch), result: { pool, dispatch } };
  });
}

async function finish(pool: WaitPool, dispatch: PoolDispatch, deps: BatchWatcherDeps, tell: TellSubmission): Promise<void> {
  try {
    const outcome = await runPoolDispatch(pool, dispatch, deps, { tell });
    if (outcome === "unfinished") deps.logger.warn({ pool: pool.key, dispatchId: dispatch.id }, "a waiting-pool dispatch is not finished; retrying on the next poll");
  } catch (error) {
    deps.logger.error({ err: error, pool: pool.key, dispatchId: dispatch.id }, "a waiting-pool dispatch failed; retrying on the next poll");
  }
}
