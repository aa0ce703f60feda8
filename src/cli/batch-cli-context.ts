/**
 * What the batch subcommands share: the loaded config, the batch model, and — for the commands that talk to AWS —
 * clients per provider, the store and the poller's settings. `batch plan` and offline `batch results` use only the
 * config, so they need neither endpoints nor a `[batch]` section.
 */
import { BedrockClientPool } from "../bedrock/clients/bedrock-client-pool.ts";
import { openBatchAwsAccess, type BatchAwsAccess } from "../bedrock/batch/run/open-batch-aws-access.ts";
import type { LoadedConfig } from "../config/index.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";

export interface BatchAwsContext extends BatchAwsAccess {
  config: LoadedConfig;
  close: () => Promise<void>;
}

export function openBatchAwsContext(config: LoadedConfig): BatchAwsContext {
  printAwsNodeNote();
  const pool = new BedrockClientPool(config.providers);
  const access = openBatchAwsAccess(config, pool, () => new Date());
  return {
    config,
    ...access,
    close: async () => {
      pool.destroy();
      await access.store.close();
    },
  };
}
