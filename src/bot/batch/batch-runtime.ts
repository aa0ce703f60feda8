/**
 * What `/batch` needs besides the chat context, opened once per bot: the batch store (runs and jobs), the lease
 * store (exactly-once notices), the notice receipts, AWS clients per provider, and this process's instance id.
 * `openBatchRuntime(config, clients)` opens them on `[storage] url` (or the `store` a plugin host chose); tests pass
 * their own `now` and upload limit.
 */
import { configuredStore } from "../../config/index.ts";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import type { BedrockClientPool } from "../../bedrock/clients/bedrock-client-pool.ts";
import { openBatchAwsAccess } from "../../bedrock/batch/run/open-batch-aws-access.ts";
import type { LoadedConfig } from "../../config/index.ts";
import type { WaitPool } from "../../store/batch-pool.ts";
import { LEASES_NAMESPACE, openLeaseStore } from "../../store/claim-lease.ts";
import { BATCH_POOLS_INDEX, BATCH_POOLS_NAMESPACE, KeyvBatchPoolRepository } from "../../store/keyv-batch-pool-repository.ts";
import { KeyvRepository } from "../../store/keyv-repository.ts";
import { openKeyv } from "../../store/open-keyv.ts";
import type { StoreLocation } from "../../store/store-location.ts";
import { openSubmissionStore } from "../../bedrock/batch/lifecycle/submission-store.ts";
import { openScoredIndex } from "../../store/scored-index.ts";
import { openPipelineStore } from "../../bedrock/batch/pipeline/pipeline-store.ts";
import { indexDrafts, type BatchDraft, type DraftAccess } from "./batch-drafts.ts";
import type { BatchRuntime, NoticeRecord, PooledRun } from "./batch-runtime-types.ts";
import { DEFAULT_UPLOAD_LIMIT_BYTES } from "./plan-result-attachments.ts";

export const BATCH_NOTICES_NAMESPACE = "batch-notices";
export const BATCH_DRAFTS_NAMESPACE = "batch-drafts";
export const BATCH_DRAFTS_INDEX = "batch-drafts-index";
const POOLED_RUNS_NAMESPACE = "batch-pooled-runs";
const INPUTS_DUE_INDEX = "batch-inputs-due";

export interface BatchRuntimeOptions {
  now?: () => Date;
  uploadLimitBytes?: number;
  workDir?: string;
  instanceId?: string;
  /** Where the batch state lives; default `[storage] url` without a prefix. */
  store?: StoreLocation;
}

/** Whether `/batch` can run at all: a bucket for inputs and outputs. */
export function batchConfigured(config: LoadedConfig): boolean {
  return config.data.batch.bucket !== undefined;
}

/** The part of a runtime drafts need. */
export type DraftsOfRuntime = Pick<BatchRuntime, "drafts" | "s3" | "now">;

/** Drafts as this runtime reads them: on its clock, expiring after `[batch] draft_ttl_hours`. */
export function draftAccessOf(runtime: DraftsOfRuntime, config: LoadedConfig): DraftAccess {
  return { drafts: runtime.drafts, s3For: (provider) => runtime.s3(provider), now: runtime.now, ttlHours: config.data.batch.draft_ttl_hours };
}

export function openBatchRuntime(config: LoadedConfig, pool: BedrockClientPool, options: BatchRuntimeOptions = {}): BatchRuntime {
  const store = options.store ?? configuredStore(config);
  const { url } = store;
  const prefix = store.prefix ?? "";
  const now = options.now ?? (() => new Date());
  const access = openBatchAwsAccess(config, pool, now, store);
  const leases = openLeaseStore(url, { namespace: prefix + LEASES_NAMESPACE, now: () => now().getTime() });
  const repository = <T>(namespace: string) => new KeyvRepository<T>(openKeyv<T>(url, prefix + namespace));
  const notices = repository<NoticeRecord>(BATCH_NOTICES_NAMESPACE);
  const drafts = indexDrafts(repository<BatchDraft>(BATCH_DRAFTS_NAMESPACE), openScoredIndex(url, prefix + BATCH_DRAFTS_INDEX));
  const instanceId = options.instanceId ?? randomUUID();
  const pools = new KeyvBatchPoolRepository(repository<WaitPool>(BATCH_POOLS_NAMESPACE), openScoredIndex(url, prefix + BATCH_POOLS_INDEX), { leases, instanceId });
  const pooledRuns = repository<PooledRun>(POOLED_RUNS_NAMESPACE);
  const submissions = openSubmissionStore(url, prefix);
  const inputsDue = openScoredIndex(url, prefix + INPUTS_DUE_INDEX);
  const pipelines = openPipelineStore(url, prefix);
  return {
    ...access,
    now,
    leases,
    notices,
    drafts,
    pools,
    pooledRuns,
    instanceId,
    workDir: options.workDir ?? tmpdir(),
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    submissions,
    inputsDue,
    pipelines,
    location: store,
    close: async () => {
      await Promise.all([access.store.close(), leases.close(), notices.close(), drafts.close(), pools.close(), pooledRuns.close(), submissions.close(), inputsDue.close(), pipelines.close()]);
    },
  };
}
