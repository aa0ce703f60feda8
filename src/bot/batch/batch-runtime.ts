/**
 * What `/batch` needs besides the chat context, opened once per bot: the batch store (runs and jobs), the lease
 * store (exactly-once notices), the notice receipts, AWS clients per provider, and this process's instance id.
 * `openBatchRuntime(config, clients)` opens them on `[storage] url`; tests pass their own `now` and upload limit.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { createConverseClient } from "../../bedrock/clients/converse-client.ts";
import type { BedrockClientPool } from "../../bedrock/clients/bedrock-client-pool.ts";
import type { ConverseClient } from "../../bedrock/converse/converse.ts";
import { createBatchControl, type BatchControl } from "../../bedrock/batch/jobs/batch-control-client.ts";
import { openBatchStore, type BatchStore } from "../../bedrock/batch/jobs/batch-store.ts";
import { maxConcurrentJobsOf } from "../../bedrock/batch/jobs/build-job-row.ts";
import type { PollDeps, PollSettings } from "../../bedrock/batch/jobs/poll-batch-jobs.ts";
import { findModel, type LoadedConfig } from "../../config/index.ts";
import type { ModelConfig } from "../../config/schema.ts";
import { openLeaseStore, type LeaseStore } from "../../store/claim-lease.ts";
import { KeyvRepository } from "../../store/keyv-repository.ts";
import { openKeyv } from "../../store/open-keyv.ts";
import type { PendingBatchPlan } from "./batch-submit-command.ts";
import type { NoticeReceipt } from "./deliver-job-notice.ts";
import { DEFAULT_UPLOAD_LIMIT_BYTES } from "./plan-result-attachments.ts";

export const BATCH_NOTICES_NAMESPACE = "batch-notices";

/** What became of a job's completion notice. */
export interface NoticeRecord {
  receipt?: NoticeReceipt;
  /** Neither the channel nor the owner's DMs took it (ISO time, and why): `/batch results` still posts it. */
  undeliverable?: { at: string; reason: string };
}

export interface BatchRuntime {
  store: BatchStore;
  leases: LeaseStore;
  notices: KeyvRepository<NoticeRecord>;
  control(provider: string): BatchControl;
  s3(provider: string): S3Client;
  converse(provider: string): ConverseClient;
  /** `[batch] provider`, else the model's own. */
  providerFor(model: Pick<ModelConfig, "api_provider">): string;
  pollDeps: PollDeps;
  pollSettings: PollSettings;
  /** Lease owner: unique per process, so a restarted bot is another owner. */
  instanceId: string;
  /** Where results are collected before they are posted. */
  workDir: string;
  /** Bytes per attached file (Discord: 10 MiB for bots unless the guild allows more). */
  uploadLimitBytes: number;
  /** Plans waiting for their Confirm button, by the button's id. */
  pendingPlans: Map<string, PendingBatchPlan>;
  /** Set by the running watcher: poll soon (a job was just submitted). */
  wakeWatcher?: () => void;
  close(): Promise<void>;
}

export interface BatchRuntimeOptions {
  now?: () => Date;
  uploadLimitBytes?: number;
  workDir?: string;
  instanceId?: string;
}

/** Whether `/batch` can run at all: a bucket for inputs and outputs. */
export function batchConfigured(config: LoadedConfig): boolean {
  return config.data.batch.bucket !== undefined;
}

export function openBatchRuntime(config: LoadedConfig, pool: BedrockClientPool, options: BatchRuntimeOptions = {}): BatchRuntime {
  const url = config.data.storage.url;
  const store = openBatchStore(url);
  const now = options.now ?? (() => new Date());
  const leases = openLeaseStore(url, { now: () => now().getTime() });
  const notices = new KeyvRepository<NoticeRecord>(openKeyv<NoticeRecord>(url, BATCH_NOTICES_NAMESPACE));
  const controls = new Map<string, BatchControl>();
  const control = (provider: string): BatchControl => {
    const existing = controls.get(provider) ?? createBatchControl(pool.forProvider(provider, "batch").control);
    controls.set(provider, existing);
    return existing;
  };
  const s3 = (provider: string): S3Client => pool.forProvider(provider, "batch").s3;
  return {
    store,
    leases,
    notices,
    control,
    s3,
    converse: (provider) => createConverseClient(pool.forProvider(provider, "batch").runtime),
    providerFor: (model) => config.data.batch.provider ?? model.api_provider,
    pollDeps: { store, controlFor: control, s3For: s3, now },
    pollSettings: {
      maxConcurrentJobs: (name) => maxConcurrentJobsOf(findModel(config, name) ?? {}, config.data.batch),
      basePollSeconds: config.data.batch.poll_interval_seconds,
    },
    instanceId: options.instanceId ?? randomUUID(),
    workDir: options.workDir ?? tmpdir(),
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    pendingPlans: new Map(),
    close: async () => {
      await Promise.all([store.close(), leases.close(), notices.close()]);
    },
  };
}
