/**
 * Everything `doctor` talks to, as local fakes reached by the real SDK and discord.js clients: the fake Bedrock
 * (runtime, batch and model catalogue), s3rver as the batch bucket, the fake AWS account (STS, IAM, Service Quotas)
 * with a batch role set up as `iam policy` says, and the fake Discord with the commands deployed.
 */
import type { REST } from "discord.js";
import { createCommandRest, deployCommands } from "../../src/bot/commands/deploy-commands.ts";
import { parseConfig, type LoadedConfig } from "../../src/config/parse-config.ts";
import type { CheckResult } from "../../src/doctor/check-result.ts";
import { runDoctorChecks, type DoctorOptions } from "../../src/doctor/run-doctor-checks.ts";
import { createOpsClients } from "../../src/ops/ops-clients.ts";
import { startFakeAwsAccount, type FakeAwsAccount, type FakeRole } from "../fakes/aws/fake-aws-account.ts";
import { startFakeBedrock, type FakeBedrock } from "../fakes/bedrock/index.ts";
import { startFakeDiscord } from "../fakes/discord/start-fake-discord.ts";
import type { FakeDiscord } from "../fakes/discord/fake-discord.ts";
import { startS3rver, type RunningS3rver } from "../fakes/s3/start-s3rver.ts";

export const ACCOUNT = "123456789012";
const ROLE_NAME = "BedrockBatch";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const BUCKET = "doctor-batch";

/** The role as `bedrock-bot iam policy --role batch / trust` generate it for the kit's config. */
export function goodRole(): FakeRole {
  return {
    name: ROLE_NAME,
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
    },
    permissionPolicies: [
      {
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/bedrock-discord-bot/runs/*/input/*` },
          { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringLike: { "s3:prefix": "bedrock-discord-bot/runs/*" } } },
          { Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/bedrock-discord-bot/runs/*/output/*` },
          { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0", "arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0"] },
        ],
      },
    ],
  };
}

export interface DoctorWorld {
  bedrock: FakeBedrock;
  s3: RunningS3rver;
  aws: FakeAwsAccount;
  discord: FakeDiscord;
  close(): Promise<void>;
}

export async function startDoctorWorld(): Promise<DoctorWorld> {
  const s3 = await startS3rver({ buckets: [BUCKET] });
  const bedrock = await startFakeBedrock();
  const aws = await startFakeAwsAccount({ accountId: ACCOUNT, roles: [goodRole()] });
  const discord = await startFakeDiscord();
  await deployCommands(createCommandRest(discord.botToken, discord.restUrl), { applicationId: discord.applicationId });
  return {
    bedrock,
    s3,
    aws,
    discord,
    close: async () => {
      await Promise.all([bedrock.close(), s3.close(), aws.close(), discord.close()]);
    },
  };
}

export interface ConfigChanges {
  region?: string;
  apiKey?: string;
  /** Replaces the one model's identifier. */
  modelIdentifier?: string;
  bucket?: string;
  roleArn?: string;
  /** Extra TOML appended to [bot]. */
  bot?: string;
  /** Extra TOML for the model's [models.batch]. */
  modelBatch?: string;
}

/** One provider on the fakes, one batch-capable chat model, [batch] on s3rver. */
export function doctorConfig(world: DoctorWorld, changes: ConfigChanges = {}): LoadedConfig {
  return parseConfig(doctorToml(world, changes), "doctor-test.toml", {});
}

/** The config as TOML, for running the built CLI on it. */
export function doctorToml(world: DoctorWorld, changes: ConfigChanges = {}): string {
  return `
[[api_providers]]
name = "fake"
api_key = "${changes.apiKey ?? "S3RVER"}"
max_retry = 0
[api_providers.extra_params]
aws_secret_key = "S3RVER"
region = "${changes.region ?? "us-east-1"}"
runtime_endpoint = "${world.bedrock.url}"
control_endpoint = "${world.bedrock.url}"
s3_endpoint = "${world.s3.endpoint}"

[[models]]
name = "nova-lite"
model_identifier = "${changes.modelIdentifier ?? "us.amazon.nova-lite-v1:0"}"
api_provider = "fake"
price_in = 0.06
price_out = 0.24
[models.batch]
enabled = true
${changes.modelBatch ?? ""}

[bot]
${changes.bot ?? ""}

[batch]
bucket = "${changes.bucket ?? BUCKET}"
role_arn = "${changes.roleArn ?? ROLE_ARN}"
`;
}

export interface DoctorRunOptions extends Partial<DoctorOptions> {
  /** The bot token; `null`: DISCORD_TOKEN unset. */
  token?: string | null;
  messageContent?: boolean;
}

export function runDoctor(world: DoctorWorld, config: LoadedConfig, options: DoctorRunOptions = {}): Promise<CheckResult[]> {
  const endpoints = { sts: world.aws.url, iam: world.aws.url, serviceQuotas: world.aws.url };
  const rest: REST | undefined = options.token === null ? undefined : createCommandRest(options.token ?? world.discord.botToken, world.discord.restUrl);
  return runDoctorChecks(
    config,
    { invoke: options.invoke ?? false, ...(options.guildId === undefined ? {} : { guildId: options.guildId }) },
    { clientsFor: (provider) => createOpsClients(provider, endpoints), discordRest: rest, messageContent: options.messageContent ?? false, testKey: "doctor/test-object.txt" },
  );
}

/** The result of one check (by id and subject), for exact assertions. */
export function resultOf(results: readonly CheckResult[], check: string): CheckResult | undefined {
  return results.find((result) => result.check === check);
}
