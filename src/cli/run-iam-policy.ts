/**
 * What `bedrock-bot iam policy` runs: resolve the account (STS, `--account`, or the batch role's ARN) and where each
 * inference profile routes (GetInferenceProfile, or the offline table), then print the documents. Warnings (a
 * profile whose regions are unknown) go to stderr so the JSON on stdout stays clean.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { LoadedConfig } from "../config/parse-config.ts";
import { buildBatchRolePolicy, buildBatchTrustPolicy } from "../iam/build-batch-role-policy.ts";
import { buildBotPolicy } from "../iam/build-bot-policy.ts";
import { offlineProfileModelArns, parseModelReference, inferenceProfileArn } from "../iam/model-arns.ts";
import { modelGrants, modelRegions, type ProfileRoutes } from "../iam/model-grants.ts";
import type { PolicyDocument } from "../iam/policy-document.ts";
import { createOpsClients } from "../ops/ops-clients.ts";
import { fetchProfileRoutes, profileKey } from "../ops/resolve-profile-routes.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { runCliAction } from "./run-cli-action.ts";

interface IamOptions {
  role?: "bot" | "batch" | "trust";
  json?: boolean;
  offline?: boolean;
  account?: string;
}

const TITLES = {
  bot: "Identity policy of the bot (attach to the IAM user or role it runs as)",
  batch: "Permissions of the batch service role ([batch] role_arn)",
  trust: "Trust policy of the batch service role",
} as const;

export function runIamPolicy(configFlag: string | undefined, options: IamOptions): Promise<void> {
  return runCliAction(async () => {
    const config = await requireCliConfig(configFlag);
    const accountId = options.account ?? (options.offline === true ? accountFromRole(config) : await accountFromSts(config));
    const routes = options.offline === true ? new Map<string, ProfileRoutes>() : await fetchAllRoutes(config);
    const { grants, warnings } = modelGrants({
      config,
      accountId,
      routesOf: (profileId, region) =>
        routes.get(profileKey(profileId, region)) ??
        (options.offline === true ? { profileArn: inferenceProfileArn(region, accountId, profileId), foundationModelArns: offlineProfileModelArns(profileId) } : undefined),
    });
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    const documents: Record<"bot" | "batch" | "trust", PolicyDocument | undefined> = {
      bot: buildBotPolicy({ config, accountId, grants }),
      batch: buildBatchRolePolicy({ config, grants }),
      trust: config.data.batch.role_arn === undefined ? undefined : buildBatchTrustPolicy({ accountId, grants }),
    };
    const roles = options.role === undefined ? (["bot", "batch", "trust"] as const) : [options.role];
    if (options.json === true) {
      const value = options.role === undefined ? documents : documents[options.role];
      process.stdout.write(`${JSON.stringify(value ?? null, null, 2)}\n`);
      return;
    }
    for (const role of roles) {
      const document = documents[role];
      process.stdout.write(`# ${TITLES[role]}\n${document === undefined ? "(none: [batch] bucket and role_arn are not set)" : JSON.stringify(document, null, 2)}\n\n`);
    }
  });
}

function accountFromRole(config: LoadedConfig): string {
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(config.data.batch.role_arn ?? "")?.[1];
  if (account === undefined) throw new UserFacingError("--offline needs the account id: give --account <id> (or set [batch] role_arn).");
  return account;
}

async function accountFromSts(config: LoadedConfig): Promise<string> {
  const provider = config.providers[0];
  if (provider === undefined) throw new UserFacingError("The config has no Bedrock provider.");
  const clients = createOpsClients(provider);
  try {
    const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
    return caller.Account ?? "";
  } catch (error) {
    throw new UserFacingError(`Cannot tell the account from STS (${error instanceof Error ? error.message : String(error)}): give --account <id>, or --offline.`);
  } finally {
    clients.destroy();
  }
}

/** GetInferenceProfile for each profile in each region it is called from; a failure is a UserFacingError naming it. */
async function fetchAllRoutes(config: LoadedConfig): Promise<Map<string, ProfileRoutes>> {
  const routes = new Map<string, ProfileRoutes>();
  for (const model of config.models) {
    const reference = parseModelReference(model.model_identifier);
    if (reference.kind !== "inference-profile") continue;
    const { chat, batch } = modelRegions(config, model);
    for (const provider of new Set([chat, batch])) {
      if (provider === undefined) continue;
      const region = reference.region ?? provider.extra_params.region;
      if (routes.has(profileKey(reference.profileId, region))) continue;
      const clients = createOpsClients(provider);
      try {
        routes.set(profileKey(reference.profileId, region), await fetchProfileRoutes(clients.bedrock.control, model.model_identifier));
      } catch (error) {
        throw new UserFacingError(`GetInferenceProfile ${model.model_identifier} in ${region} failed (${error instanceof Error ? error.message : String(error)}): fix the model, or use --offline.`);
      } finally {
        clients.destroy();
      }
    }
  }
  return routes;
}
