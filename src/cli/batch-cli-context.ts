/**
 * What the batch subcommands share: the loaded config, the batch model, and — for the commands that talk to AWS —
 * clients per provider, the store and the poller's settings. `batch plan` and offline `batch results` use only the
 * config, so they need neither endpoints nor a `[batch]` section.
 */
import { configuredStore } from "../config/index.ts";
import { BedrockClientPool } from "../bedrock/clients/bedrock-client-pool.ts";
import { openBatchAwsAccess, type BatchAwsAccess } from "../bedrock/batch/run/open-batch-aws-access.ts";
import type { LoadedConfig } from "../config/index.ts";
import { openSubmissionStore } from "../bedrock/batch/lifecycle/submission-store.ts";
import { LEASES_NAMESPACE, openLeaseStore } from "../store/claim-lease.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";
import type { CliLifecycle } from "./cli-submissions.ts";

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
