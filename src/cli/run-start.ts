/**
 * What `bedrock-bot start` runs: check every prerequisite, then start the bot and keep it running until SIGINT /
 * SIGTERM (graceful: answers in flight are marked stopped, connections closed).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UserFacingError } from "../bedrock/index.ts";
import { LeaseHeldError } from "../bot/hold-leases.ts";
import type { ShardFlags } from "../bot/shard-selection.ts";
import { startBot, stopOnSignals } from "../bot/start-bot.ts";
import { configSecrets } from "../config/config-secrets.ts";
import { createLogger } from "../create-logger.ts";
import { checkPrerequisites, formatPrerequisiteReport } from "../startup/check-prerequisites.ts";
import { findAwsCredentialSource, parseAwsProfileNames } from "../startup/find-aws-credential-source.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";
import { loadCliConfig } from "./load-cli-config.ts";

function readOptional(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Profiles in the shared AWS files, honouring AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE like the SDK. */
function readAwsProfiles(env: Record<string, string | undefined>): Set<string> {
  const configFile = env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config");
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials");
  return parseAwsProfileNames(readOptional(configFile), readOptional(credentialsFile));
}

/** Printed whenever a start-up call fails. */
export const DOCTOR_HINT = "Run `bedrock-bot doctor` to check the whole setup online (AWS credentials, models, the batch bucket and role, Discord token, intents and commands).";

export async function runStart(configFlag: string | undefined, env: Record<string, string | undefined> = process.env, shardFlags: ShardFlags = {}): Promise<void> {
  const loaded = await loadCliConfig(configFlag, env);
  const profiles = readAwsProfiles(env);
  const credentials = (loaded.config?.providers ?? []).map((provider) => ({
    provider: provider.name,
    source: findAwsCredentialSource(provider, { env, profiles }),
  }));
  const report = checkPrerequisites({ env, config: loaded.config ?? { path: loaded.path, issues: loaded.issues ?? [] }, credentials });
  if (report.problems.length > 0) {
    process.stderr.write(`Cannot start — ${report.problems.length} problem(s):\n${formatPrerequisiteReport(report)}\n`);
    process.exitCode = 1;
    return;
  }
  if (report.notes.length > 0) process.stderr.write(`${formatPrerequisiteReport(report)}\n`);
  if (loaded.config === undefined) return; // a config that did not load is a problem reported above
  const logger = createLogger({ secrets: configSecrets(loaded.config) });
  printAwsNodeNote();
  try {
    stopOnSignals(await startBot({ config: loaded.config, env, logger, shardFlags }), logger);
  } catch (error) {
    // Another process holds this one's shards (or the sqlite store): nothing is wrong with the setup, so no doctor.
    if (error instanceof LeaseHeldError) {
      process.stderr.write(`${error.userMessage}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    // A start-up call failed (Discord login, the store, ...): doctor checks everything the bot depends on at once.
    if (!(error instanceof UserFacingError)) {
      process.stderr.write(`${DOCTOR_HINT}\n`);
      throw error;
    }
    process.stderr.write(`Cannot start — ${error.userMessage}\n${DOCTOR_HINT}\n`);
    process.exitCode = 1;
  }
}
