/**
 * Every `doctor` check for a loaded config, in the order an operator fixes things: credentials, models, batch
 * (bucket, role, quotas), Discord. Each check catches what it can explain; checks that depend on an earlier one
 * (a model lookup needs credentials) are skipped with a line saying why, so one root cause gives one failure.
 */
import { randomUUID } from "node:crypto";
import type { REST } from "discord.js";
import { batchCapability } from "../bedrock/batch/records/batch-capability.ts";
import { maxConcurrentJobsOf } from "../bedrock/batch/jobs/build-job-row.ts";
import type { LoadedConfig } from "../config/parse-config.ts";
import type { ModelConfig, ProviderConfig } from "../config/schema.ts";
import { batchSetup } from "../iam/build-bot-policy.ts";
import { modelGrants, type ProfileRoutes } from "../iam/model-grants.ts";
import type { OpsClients } from "../ops/ops-clients.ts";
import { checkBatchBucket } from "./aws/check-batch-bucket.ts";
import { checkBatchQuotas, listBedrockQuotas } from "./aws/check-batch-quotas.ts";
import { checkBatchRole } from "./aws/check-batch-role.ts";
import { checkBatchSupport } from "./aws/check-batch-support.ts";
import { checkCredentials, type CallerIdentity } from "./aws/check-credentials.ts";
import { checkModelAccess, checkModelExists, checkModelInvoke, type ModelFacts } from "./aws/check-model.ts";
import { fail, ok, warn, type CheckResult } from "./check-result.ts";
import { checkDiscord } from "./discord/check-discord.ts";

export interface DoctorOptions {
  /** One 1-token Converse call per chat model. */
  invoke: boolean;
  /** Compare this guild's commands instead of the global ones. */
  guildId?: string;
}

export interface DoctorDeps {
  clientsFor: (provider: ProviderConfig) => OpsClients;
  /** REST with the bot token; undefined when DISCORD_TOKEN is not set. */
  discordRest: REST | undefined;
  messageContent: boolean;
  /** Key of the test object under `[batch] prefix`; random by default. */
  testKey?: string;
}

export async function runDoctorChecks(config: LoadedConfig, options: DoctorOptions, deps: DoctorDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const clients = new Map<string, OpsClients>();
  const identities = new Map<string, CallerIdentity>();
  try {
    for (const provider of config.providers) {
      const opened = deps.clientsFor(provider);
      clients.set(provider.name, opened);
      const { result, identity } = await checkCredentials(provider, opened.sts);
      results.push(result);
      if (identity !== undefined) identities.set(provider.name, identity);
    }
    const facts = new Map<string, ModelFacts>();
    for (const model of config.models) {
      const opened = clients.get(model.api_provider);
      if (opened === undefined) continue;
      const region = opened.region;
      const exists = await checkModelExists(model, region, opened.bedrock.control);
      facts.set(model.name, exists.facts);
      results.push(exists.result);
      if (exists.result.status === "fail") continue;
      results.push(await checkModelAccess(model, region, exists.facts, opened.bedrock.control));
      if (options.invoke) results.push(await checkModelInvoke(model, region, opened.bedrock.runtime));
    }
    results.push(...(await batchChecks(config, clients, identities, facts, deps.testKey ?? `doctor/${randomUUID()}.txt`)));
  } finally {
    for (const opened of clients.values()) opened.destroy();
  }
  if (deps.discordRest === undefined) {
    results.push(fail("discord.token", "DISCORD_TOKEN", "DISCORD_TOKEN is not set", 'put the bot token in .env or the environment (README "Discord setup")'));
  } else {
    results.push(...(await checkDiscord({ rest: deps.discordRest, messageContent: deps.messageContent, channelIds: config.data.bot.allow_channels, ...(options.guildId === undefined ? {} : { guildId: options.guildId }) })));
  }
  return results;
}

async function batchChecks(
  config: LoadedConfig,
  clients: Map<string, OpsClients>,
  identities: Map<string, CallerIdentity>,
  facts: Map<string, ModelFacts>,
  testKey: string,
): Promise<CheckResult[]> {
  const setup = batchSetup(config);
  const batchModels = config.models.filter((model) => batchCapability(model).enabled);
  if (setup === undefined) return [ok("batch.setup", "[batch]", "not set up (bucket or role_arn unset): /batch is off")];
  const providerName = config.data.batch.provider ?? batchProviderOf(config, batchModels);
  const opened = providerName === undefined ? undefined : clients.get(providerName);
  const identity = providerName === undefined ? undefined : identities.get(providerName);
  if (opened === undefined || identity === undefined) {
    return [warn("batch.setup", "[batch]", `skipped: provider ${providerName ?? "(none)"} has no working credentials`, "fix aws.credentials first")];
  }
  const results: CheckResult[] = [];
  if (batchModels.length === 0) results.push(warn("batch.setup", "[batch]", "no model may run batch jobs", "add a batch-capable model, or [models.batch] enabled = true"));
  results.push(...(await checkBatchBucket({ bucket: setup.bucket, prefix: setup.prefix, region: opened.region, s3: opened.bedrock.s3, testKey })));
  const routes = new Map<string, ProfileRoutes>();
  for (const model of batchModels) {
    const found = facts.get(model.name)?.routes;
    if (found !== undefined) routes.set(model.model_identifier, found);
  }
  const { grants } = modelGrants({ config, accountId: identity.accountId, routesOf: (profileId) => routes.get(profileId) });
  const modelArns = [...new Set(grants.filter((grant) => grant.batch && grant.region === opened.region).flatMap((grant) => grant.invokeArns))];
  results.push(...(await checkBatchRole({ roleArn: setup.roleArn, accountId: identity.accountId, bucket: setup.bucket, prefix: setup.prefix, region: opened.region, modelArns, iam: opened.iam })));
  const quotas = await listBedrockQuotas(opened.quotas);
  for (const model of batchModels) {
    results.push(checkBatchSupport(model));
    results.push(
      checkBatchQuotas({ modelName: model.name, displayName: facts.get(model.name)?.modelName ?? displayNameOf(model), capability: batchCapability(model), maxConcurrentJobs: maxConcurrentJobsOf(model, config.data.batch), quotas }),
    );
  }
  return results;
}

function batchProviderOf(config: LoadedConfig, batchModels: readonly ModelConfig[]): string | undefined {
  const preferred = config.data.batch.default_model === undefined ? undefined : config.models.find((model) => model.name === config.data.batch.default_model);
  return (preferred ?? batchModels[0])?.api_provider;
}

/** Profiles carry no display name of their model; quota names use it, so fall back to the config's name. */
function displayNameOf(model: ModelConfig): string {
  return model.name;
}
