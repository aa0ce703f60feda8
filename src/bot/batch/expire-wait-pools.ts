/**
 * The watcher's deadline sweep over waiting pools (policy `wait`): a pool whose deadline passed short of the minimum
 * is drained, and each contributor is told in their channel (`describeExpired`) — with, when `[batch]
 * wait_deadline_action = "on_demand"`, their held records answered on demand at full price and the same results.csv
 * a batch job gives. The pool is drained before the contributors are told: a crash in between loses the telling
 * (at most once), never runs records twice.
 */
import { join } from "node:path";
import { collectBatchResults } from "../../bedrock/batch/results/collect-batch-results.ts";
import { listLocalBatchOutput } from "../../bedrock/batch/results/list-local-batch-output.ts";
import { runOnDemand } from "../../bedrock/batch/run/run-on-demand.ts";
import { findModel } from "../../config/index.ts";
import type { PoolContribution, WaitPool } from "../../store/batch-pool.ts";
import type { BatchWatcherDeps } from "./batch-watcher.ts";
import { describeExpired, expirePool } from "./batch-wait-pool.ts";
import { resolveTarget } from "./discord-notice-effects.ts";
import { readHeldRecords, streamHeldRecords } from "./pool-held-records.ts";

export async function expireWaitPools(deps: BatchWatcherDeps): Promise<void> {
  const now = deps.runtime.pollDeps.now();
  for (const waiting of await deps.runtime.pools.all()) {
    if (waiting.deadline === undefined || now.getTime() < Date.parse(waiting.deadline)) continue;
    const taken = await deps.runtime.pools.update<{ pool: WaitPool; expired: PoolContribution[] } | undefined>(waiting.key, (pool) => {
      // Gone meanwhile (filled, or swept by another instance): store nothing.
      if (pool === undefined) return { pool: { ...waiting, contributions: [] }, result: undefined };
      const { pool: drained, expired } = expirePool(pool, now);
      return { pool: drained, result: { pool, expired } };
    });
    if (taken === undefined) continue;
    for (const contribution of taken.expired) {
      await tellExpired(contribution, taken.pool, deps).catch((error: unknown) => {
        deps.logger.error({ err: error, contributionId: contribution.id, pool: waiting.key }, "could not tell a contributor that their waiting records expired");
      });
    }
  }
}

async function tellExpired(contribution: PoolContribution, pool: WaitPool, deps: BatchWatcherDeps): Promise<void> {
  const action = deps.config.data.batch.wait_deadline_action;
  const { owner } = contribution;
  const channelId = owner.threadId ?? owner.channelId;
  const channel = await resolveTarget(deps.client, channelId === undefined ? { kind: "dm", userId: owner.userId } : { kind: "channel", channelId });
  const files = action === "on_demand" ? await answerOnDemand(contribution, pool, deps) : [];
  await channel.send({
    content: `<@${owner.userId}> ${describeExpired(contribution, pool, action)}`,
    allowedMentions: { users: [owner.userId] },
    files,
    ...(owner.messageId === undefined || channelId === undefined ? {} : { reply: { messageReference: owner.messageId, failIfNotExists: false } }),
  });
}

/** The contribution's held records on demand; its results.csv (none when nothing came back). */
async function answerOnDemand(contribution: PoolContribution, pool: WaitPool, deps: BatchWatcherDeps): Promise<{ attachment: string; name: string }[]> {
  const { config, runtime } = deps;
  const batch = config.data.batch;
  const model = findModel(config, pool.model);
  if (model === undefined || batch.bucket === undefined) throw new Error(`model ${pool.model} or [batch] bucket is gone; cannot answer pool ${pool.key}`);
  const provider = runtime.providerFor(model);
  const place = { s3: runtime.s3(provider), bucket: batch.bucket, prefix: batch.prefix };
  const records = await readHeldRecords(place, contribution.runId);
  const outDir = join(runtime.workDir, "bdb-results", contribution.runId);
  const outputDir = join(outDir, "outputs");
  await runOnDemand({
    records: streamHeldRecords(place, [contribution]),
    total: records.length,
    model,
    client: runtime.converse(provider),
    concurrency: batch.on_demand_concurrency,
    outputDir,
  });
  const collected = await collectBatchResults({
    sources: await listLocalBatchOutput(outputDir),
    plan: { provenance: new Map(records.map((record) => [record.recordId, record.provenance])), skipped: [] },
    outDir,
  });
  const csv = collected.files.csv;
  return csv === undefined ? [] : [{ attachment: csv, name: "results.csv" }];
}
