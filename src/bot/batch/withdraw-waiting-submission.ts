/**
 * `/batch cancel` of a waiting contribution: one atomic update of its pool (`withdrawFromPool`, which refuses while a
 * dispatch holds it), then its held records are deleted from S3. In that order: records deleted first could be read
 * by a fill that took the contribution in between. A process dying between the two leaves the held file behind
 * (nothing reads it again); a failed delete is logged with its run id, and the member still reads that it is withdrawn.
 */
import { findModel } from "../../config/index.ts";
import type { WaitPool } from "../../store/batch-pool.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { emptyPool, withdrawFromPool, type WithdrawResult } from "./batch-wait-pool.ts";
import { updateOrBusy } from "./join-wait-pool.ts";
import { deleteHeldRecords, type HeldRecordsPlace } from "./pool-held-records.ts";

/** Withdraws contribution `contributionId` from `pool` (as last read; the update reads it again). */
export async function withdrawWaitingSubmission(context: BatchCommandContext, pool: WaitPool, contributionId: string): Promise<WithdrawResult> {
  const { key, model, minRecords, deadlineHours } = pool;
  // Before the update: a config that lost the model must not leave a withdrawal whose records cannot be found.
  const place = heldRecordsPlace(context, model);
  const result = await updateOrBusy(model, () =>
    context.batch.pools.update<WithdrawResult>(key, (current) => {
      const withdrawal = withdrawFromPool(current ?? emptyPool({ key, model, minRecords, deadlineHours }), contributionId);
      return { pool: withdrawal.pool, result: withdrawal };
    }),
  );
  if (result.outcome !== "withdrawn") return result;
  await deleteHeldRecords(place, result.withdrawn.runId).catch((error: unknown) => {
    context.logger.error({ err: error, pool: key, contributionId, runId: result.withdrawn.runId }, "withdrew a waiting submission but could not delete its held records");
  });
  return result;
}

function heldRecordsPlace(context: BatchCommandContext, modelName: string): HeldRecordsPlace {
  const { bucket, prefix } = context.config.data.batch;
  const model = findModel(context.config, modelName);
  if (model === undefined || bucket === undefined) throw new Error(`model ${modelName} or [batch] bucket is gone; cannot delete held records`);
  return { s3: context.batch.s3(context.batch.providerFor(model)), bucket, prefix };
}
