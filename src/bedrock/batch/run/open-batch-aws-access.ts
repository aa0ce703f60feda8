/**
 * What every AWS-facing batch caller needs — the CLI's subcommands and the bot's `/batch` runtime alike: the job
 * store on `[storage] url`, clients per provider (control plane cached per provider), which provider runs a model's
 * jobs, and the poller's dependencies and settings. One function so both front ends resolve them the same way.
 */
import { configuredStore } from "../../../config/index.ts";
import type { S3Client } from "@aws-sdk/client-s3";
import type { LoadedConfig } from "../../../config/index.ts";
import { findModel } from "../../../config/index.ts";
import type { ModelConfig } from "../../../config/schema.ts";
import type { BedrockClientPool } from "../../clients/bedrock-client-pool.ts";
import { createConverseClient } from "../../clients/converse-client.ts";
import type { ConverseClient } from "../../converse/converse.ts";
import { createBatchControl, type BatchControl } from "../jobs/batch-control-client.ts";
import { openBatchStore, type BatchStore } from "../jobs/batch-store.ts";
import { maxConcurrentJobsOf } from "../jobs/build-job-row.ts";
import type { PollDeps, PollSettings } from "../jobs/poll-batch-jobs.ts";
import type { StoreLocation } from "../../../store/store-location.ts";

export interface BatchAwsAccess {
  store: BatchStore;
  /** `[batch] provider`, else the model's own. */
  providerFor(model: Pick<ModelConfig, "api_provider">): string;
  control(provider: string): BatchControl;
  s3(provider: string): S3Client;
  converse(provider: string): ConverseClient;
  pollDeps: PollDeps;
  pollSettings: PollSettings;
}

/** `store`: where runs and jobs are kept; default `[storage] url`. */
export function openBatchAwsAccess(config: LoadedConfig, pool: BedrockClientPool, now: () => Date, store: StoreLocation = configuredStore(config)): BatchAwsAccess {
  const batchStore = openBatchStore(store.url, store.prefix);
  const controls = new Map<string, BatchControl>();
  const control = (provider: string): BatchControl => {
    const existing = controls.get(provider) ?? createBatchControl(pool.forProvider(provider, "batch").control);
    controls.set(provider, existing);
    return existing;
  };
  const s3 = (provider: string): S3Client => pool.forProvider(provider, "batch").s3;
  return {
    store: batchStore,
    providerFor: (model) => config.data.batch.provider ?? model.api_provider,
    control,
    s3,
    converse: (provider) => createConverseClient(pool.forProvider(provider, "batch").runtime),
    pollDeps: { store: batchStore, controlFor: control, s3For: s3, now },
    pollSettings: {
      maxConcurrentJobs: (name) => maxConcurrentJobsOf(findModel(config, name) ?? {}, config.data.batch),
      basePollSeconds: config.data.batch.poll_interval_seconds,
    },
  };
}
