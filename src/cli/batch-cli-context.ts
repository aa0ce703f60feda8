/**
 * What the batch subcommands share: the loaded config, the batch model, and — for the commands that talk to AWS —
 * clients per provider, the store and the poller's settings. `batch plan` and offline `batch results` use only the
 * config, so they need neither endpoints nor a `[batch]` section.
 */
import { configuredStore } from "../config/index.ts";
import { BedrockClientPool } from "../bedrock/clients/bedrock-client-pool.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { openBatchAwsAccess, type BatchAwsAccess } from "../bedrock/batch/run/open-batch-aws-access.ts";
import { describeMissingModel, findModel, type LoadedConfig, type ModelConfig } from "../config/index.ts";
import { openSubmissionStore } from "../bedrock/batch/lifecycle/submission-store.ts";
import { LEASES_NAMESPACE, openLeaseStore } from "../store/claim-lease.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";
import type { CliLifecycle } from "./cli-submissions.ts";

/** `--model`, else `[batch] default_model`; unknown names list the known ones. */
export function chooseBatchModel(config: LoadedConfig, name: string | undefined): ModelConfig {
  const wanted = name ?? config.data.batch.default_model;
  if (wanted === undefined) throw new UserFacingError("Give --model <name> (or set [batch] default_model).");
  const model = findModel(config, wanted);
  if (model !== undefined) return model;
  throw new UserFacingError(describeMissingModel(config, wanted));
}

export interface BatchAwsContext extends BatchAwsAccess, CliLifecycle {
  config: LoadedConfig;
  close: () => Promise<void>;
}

export function openBatchAwsContext(config: LoadedConfig): BatchAwsContext {
  printAwsNodeNote();
  const pool = new BedrockClientPool(config.providers);
  const access = openBatchAwsAccess(config, pool, () => new Date());
  const { url, prefix } = configuredStore(config);
  const submissions = openSubmissionStore(url, prefix);
  const leases = openLeaseStore(url, { namespace: prefix + LEASES_NAMESPACE });
  return {
    config,
    ...access,
    submissions,
    leases,
    close: async () => {
      pool.destroy();
      await Promise.all([access.store.close(), submissions.close(), leases.close()]);
    },
  };
}
