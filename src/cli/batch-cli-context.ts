/**
 * What the batch subcommands share: the loaded config, the batch model, and — for the commands that talk to AWS —
 * clients per provider, the store and the poller's settings. `batch plan` and offline `batch results` use only the
 * config, so they need neither endpoints nor a `[batch]` section.
 */
import { BedrockClientPool } from "../bedrock/clients/bedrock-client-pool.ts";
import { createConverseClient } from "../bedrock/clients/converse-client.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { createBatchControl, type BatchControl } from "../bedrock/batch/jobs/batch-control-client.ts";
import { openBatchStore, type BatchStore } from "../bedrock/batch/jobs/batch-store.ts";
import { maxConcurrentJobsOf } from "../bedrock/batch/jobs/build-job-row.ts";
import type { PollDeps, PollSettings } from "../bedrock/batch/jobs/poll-batch-jobs.ts";
import { findModel, type LoadedConfig, type ModelConfig } from "../config/index.ts";
import type { ConverseClient } from "../bedrock/converse/converse.ts";
import type { S3Client } from "@aws-sdk/client-s3";
import { loadCliConfig } from "./load-cli-config.ts";

export async function loadBatchConfig(configFlag: string | undefined): Promise<LoadedConfig> {
  const loaded = await loadCliConfig(configFlag);
  if (!loaded.config) throw new UserFacingError(`The config did not load:\n${(loaded.issues ?? []).join("\n")}`);
  return loaded.config;
}

/** `--model`, else `[batch] default_model`; unknown names list the known ones. */
export function chooseBatchModel(config: LoadedConfig, name: string | undefined): ModelConfig {
  const wanted = name ?? config.data.batch.default_model;
  if (wanted === undefined) throw new UserFacingError("Give --model <name> (or set [batch] default_model).");
  const model = findModel(config, wanted);
  if (model !== undefined) return model;
  const why = config.unavailable.find((entry) => entry.name === wanted)?.reason;
  const known = config.models.map((entry) => entry.name).join(", ") || "none";
  throw new UserFacingError(`Model "${wanted}" is ${why === undefined ? `not in the config (models: ${known})` : `unavailable: ${why}`}.`);
}

export interface BatchAwsContext {
  config: LoadedConfig;
  store: BatchStore;
  /** `[batch] provider`, else the model's own. */
  providerFor: (model: Pick<ModelConfig, "name" | "api_provider">) => string;
  control: (provider: string) => BatchControl;
  s3: (provider: string) => S3Client;
  converse: (provider: string) => ConverseClient;
  pollDeps: PollDeps;
  pollSettings: PollSettings;
  close: () => Promise<void>;
}

export function openBatchAwsContext(config: LoadedConfig): BatchAwsContext {
  const pool = new BedrockClientPool(config.providers);
  const store = openBatchStore(config.data.storage.url);
  const controls = new Map<string, BatchControl>();
  const control = (provider: string): BatchControl => {
    const existing = controls.get(provider);
    if (existing !== undefined) return existing;
    const created = createBatchControl(pool.forProvider(provider, "batch").control);
    controls.set(provider, created);
    return created;
  };
  const s3 = (provider: string): S3Client => pool.forProvider(provider, "batch").s3;
  return {
    config,
    store,
    providerFor: (model) => config.data.batch.provider ?? model.api_provider,
    control,
    s3,
    converse: (provider) => createConverseClient(pool.forProvider(provider, "batch").runtime),
    pollDeps: { store, controlFor: control, s3For: s3, now: () => new Date() },
    pollSettings: {
      maxConcurrentJobs: (name) => maxConcurrentJobsOf(findModel(config, name) ?? {}, config.data.batch),
      basePollSeconds: config.data.batch.poll_interval_seconds,
    },
    close: async () => {
      pool.destroy();
      await store.close();
    },
  };
}
