/**
 * The generated IAM policies, checked structurally (grammar, no `*` where an ARN is known, exact model ARNs in every
 * routed region) and against what the code actually sends: every `new XxxCommand(` in src/ is mapped to the IAM
 * action AWS authorizes it with, and IAM's evaluation (test/fakes/aws/evaluate-policy.ts) must allow it.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, type LoadedConfig } from "../../src/config/parse-config.ts";
import { buildBatchRolePolicy, buildBatchTrustPolicy } from "../../src/iam/build-batch-role-policy.ts";
import { ACTIONS_WITHOUT_RESOURCE_TYPES, buildBotPolicy } from "../../src/iam/build-bot-policy.ts";
import { inferenceProfileArn, offlineProfileModelArns } from "../../src/iam/model-arns.ts";
import { modelGrants, type ModelGrant } from "../../src/iam/model-grants.ts";
import type { PolicyDocument } from "../../src/iam/policy-document.ts";
import { evaluatePolicies } from "../fakes/aws/evaluate-policy.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ACCOUNT = "123456789012";
const BATCH = `
[batch]
bucket = "my-batch-bucket"
role_arn = "arn:aws:iam::${ACCOUNT}:role/BedrockBatch"
`;

function load(toml: string): LoadedConfig {
  return parseConfig(toml, "test.toml", {});
}

/** An S3 Vectors sink, so the policy names its bucket and index. */
const S3_VECTORS_SINK = `
[[sinks]]
name = "aws"
type = "s3vectors"
vector_bucket = "my-vectors"
index = "articles"
`;

function exampleWithBatch(): LoadedConfig {
  const example = `${readFileSync(join(ROOT, "config/model_config.example.toml"), "utf8").replace("[batch]\n", `${BATCH}\n`)}\n${S3_VECTORS_SINK}`;
  return parseConfig(example, "example.toml", { AWS_REGION: "us-east-1" });
}

const MULTI_REGION = `
[[api_providers]]
name = "us"
[api_providers.extra_params]
region = "us-east-1"
[[api_providers]]
name = "eu"
[api_providers.extra_params]
region = "eu-central-1"

[[models]]
name = "sonnet-eu"
model_identifier = "eu.anthropic.claude-sonnet-4-20250514-v1:0"
api_provider = "eu"
[[models]]
name = "nova-us"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "us"
[[models]]
name = "titan"
model_identifier = "amazon.titan-embed-text-v2:0"
api_provider = "us"
kind = "embedding"
${BATCH}
provider = "eu"
`;

function grantsOf(config: LoadedConfig): ModelGrant[] {
  return modelGrants({
    config,
    accountId: ACCOUNT,
    routesOf: (profileId, region) => ({ profileArn: inferenceProfileArn(region, ACCOUNT, profileId), foundationModelArns: offlineProfileModelArns(profileId) }),
  }).grants;
}

function documentsOf(config: LoadedConfig) {
  const grants = grantsOf(config);
  return { grants, bot: buildBotPolicy({ config, accountId: ACCOUNT, grants }), batch: buildBatchRolePolicy({ config, grants }), trust: buildBatchTrustPolicy({ accountId: ACCOUNT, grants }) };
}

/** Valid grammar, and `*` only for the actions that have no resource type in IAM. */
function expectLeastPrivilegeGrammar(policy: PolicyDocument): void {
  expect(policy.Version).toBe("2012-10-17");
  const sids = policy.Statement.map((statement) => statement.Sid);
  expect(new Set(sids).size).toBe(sids.length);
  for (const statement of policy.Statement) {
    expect(statement.Effect).toBe("Allow");
    expect(statement.Action.length).toBeGreaterThan(0);
    for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    expect(statement.Resource?.length ?? 0).toBeGreaterThan(0);
    for (const resource of statement.Resource ?? []) {
      if (resource === "*") expect(statement.Action.every((action) => (ACTIONS_WITHOUT_RESOURCE_TYPES as readonly string[]).includes(action))).toBe(true);
      else expect(resource).toMatch(/^arn:aws(-[a-z]+)*:/);
      expect(resource).not.toMatch(/foundation-model\/\*|inference-profile\/\*|^arn:aws:bedrock:\*/);
    }
  }
}

describe("iam policy, structure", () => {
  it("GIVEN the example config with [batch] THEN the bot policy names each model exactly, each profile's model in us-east-1, us-east-2 and us-west-2", () => {
    const { bot, batch, trust } = documentsOf(exampleWithBatch());
    expectLeastPrivilegeGrammar(bot);
    const invoke = bot.Statement.find((statement) => statement.Sid === "InvokeConfiguredModels");
    expect(invoke?.Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(invoke?.Resource).toContain(`arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0`);
    for (const region of ["us-east-1", "us-east-2", "us-west-2"]) expect(invoke?.Resource).toContain(`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0`);
    expect(invoke?.Resource).toContain("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0");
    expect(invoke?.Resource).toHaveLength(6 * 4 + 1); // 6 profiles x (the profile + 3 regions) + Titan
    const pass = bot.Statement.find((statement) => statement.Sid === "PassBatchRole");
    expect(pass).toEqual({ Sid: "PassBatchRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [`arn:aws:iam::${ACCOUNT}:role/BedrockBatch`], Condition: { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } } });
    expect(bot.Statement.find((statement) => statement.Sid === "BatchBucketObjects")?.Resource).toEqual(["arn:aws:s3:::my-batch-bucket/bedrock-discord-bot/*"]);
    expectLeastPrivilegeGrammar(batch ?? { Version: "2012-10-17", Statement: [] });
    expect(trust.Statement).toEqual([
      {
        Sid: "BedrockBatchJobsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "bedrock.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-job/*` } },
      },
    ]);
  });

  it("GIVEN the example without [batch] THEN there is no batch statement and no batch role policy", () => {
    const config = parseConfig(readFileSync(join(ROOT, "config/model_config.example.toml"), "utf8"), "example.toml", {});
    const { bot, batch } = documentsOf(config);
    expectLeastPrivilegeGrammar(bot);
    expect(bot.Statement.map((statement) => statement.Sid)).toEqual(["InvokeConfiguredModels", "DoctorReadModels", "DoctorReadInferenceProfiles"]);
    expect(batch).toBeUndefined();
  });

  it("GIVEN a multi-region config THEN the eu profile routes to eu regions only, batch jobs run in eu-central-1, and nothing names a model not in the config", () => {
    const { bot, batch, trust } = documentsOf(load(MULTI_REGION));
    expectLeastPrivilegeGrammar(bot);
    const invoke = bot.Statement.find((statement) => statement.Sid === "InvokeConfiguredModels")?.Resource ?? [];
    for (const region of ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"]) expect(invoke).toContain(`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0`);
    expect(invoke.filter((arn) => arn.includes("claude") && arn.includes(":us-"))).toEqual([]);
    expect(invoke.every((arn) => /nova-lite|claude-sonnet-4|titan-embed-text-v2/.test(arn))).toBe(true);
    // nova-us chats in us-east-1, and its batch jobs run in eu-central-1 ([batch] provider = "eu").
    expect(invoke).toContain(`arn:aws:bedrock:eu-central-1:${ACCOUNT}:inference-profile/us.amazon.nova-lite-v1:0`);
    expect(bot.Statement.find((statement) => statement.Sid === "BatchJobStatus")?.Resource).toEqual([`arn:aws:bedrock:eu-central-1:${ACCOUNT}:model-invocation-job/*`]);
    expectLeastPrivilegeGrammar(batch ?? { Version: "2012-10-17", Statement: [] });
    expect(trust.Statement[0]?.Condition?.ArnLike).toEqual({ "aws:SourceArn": `arn:aws:bedrock:eu-central-1:${ACCOUNT}:model-invocation-job/*` });
  });

  it("GIVEN the batch role policy THEN Bedrock may read inputs, list the run folders, write outputs and invoke the batch models", () => {
    const { grants, batch } = documentsOf(exampleWithBatch());
    const policies = [batch ?? { Statement: [] }];
    const allowed = (action: string, resource: string, context?: Record<string, string>) => evaluatePolicies(policies, { action, resource, ...(context === undefined ? {} : { context }) }).decision;
    expect(allowed("s3:GetObject", "arn:aws:s3:::my-batch-bucket/bedrock-discord-bot/runs/r1/job-1/input/records-1.jsonl")).toBe("allowed");
    expect(allowed("s3:ListBucket", "arn:aws:s3:::my-batch-bucket", { "s3:prefix": "bedrock-discord-bot/runs/r1/job-1/input/" })).toBe("allowed");
    expect(allowed("s3:PutObject", "arn:aws:s3:::my-batch-bucket/bedrock-discord-bot/runs/r1/job-1/output/abc/records-1.jsonl.out")).toBe("allowed");
    expect(allowed("s3:PutObject", "arn:aws:s3:::my-batch-bucket/bedrock-discord-bot/runs/r1/job-1/input/records-1.jsonl")).toBe("implicitDeny");
    for (const arn of grants.filter((grant) => grant.batch).flatMap((grant) => grant.invokeArns)) expect(allowed("bedrock:InvokeModel", arn)).toBe("allowed");
  });
});

/** Every `new XxxCommand(` under src/, with the SDK package it is imported from. */
function sentCommands(): { command: string; file: string }[] {
  const found: { command: string; file: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".ts")) for (const match of readFileSync(path, "utf8").matchAll(/new ([A-Z][A-Za-z0-9]+)Command\(/g)) found.push({ command: match[1] ?? "", file: path });
    }
  };
  walk(join(ROOT, "src"));
  return found;
}

describe("iam policy, guardrails", () => {
  it("GIVEN a guardrail by id and one by ARN THEN the bot may apply each, by id in every region its models are called in", () => {
    const arn = `arn:aws:bedrock:eu-central-1:${ACCOUNT}:guardrail/gr2byarn`;
    const config = load(`${MULTI_REGION}\n[[guardrails]]\nname = "house"\nidentifier = "gr1house"\nversion = "1"\n\n[[guardrails]]\nname = "eu"\nidentifier = "${arn}"\nversion = "2"\n`);
    const { bot } = documentsOf(config);

    expectLeastPrivilegeGrammar(bot);
    const statement = bot.Statement.find((candidate) => candidate.Sid === "ApplyConfiguredGuardrails");
    expect(statement?.Action).toEqual(["bedrock:ApplyGuardrail"]);
    expect(statement?.Resource).toEqual([`arn:aws:bedrock:eu-central-1:${ACCOUNT}:guardrail/gr1house`, arn, `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr1house`]);
  });
});

describe("iam policy, against the calls the code makes", () => {
  const config = exampleWithBatch();
  const { grants, bot } = documentsOf(config);
  const bucket = "arn:aws:s3:::my-batch-bucket";
  const inputKey = `${bucket}/bedrock-discord-bot/runs/r1/job-1/input/records-1.jsonl`;
  const job = `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-job/abcdefghij12`;
  const role = `arn:aws:iam::${ACCOUNT}:role/BedrockBatch`;
  const everyInvokeArn = grants.flatMap((grant) => grant.invokeArns);
  const s3List = { "s3:prefix": "bedrock-discord-bot/runs/r1/" };
  const vectorBucket = `arn:aws:s3vectors:us-east-1:${ACCOUNT}:bucket/my-vectors`;
  const vectorIndex = `${vectorBucket}/index/articles`;
  /** Command -> the IAM action(s) AWS checks for it and resources it is checked against (empty: no permission needed). */
  const AUTHORIZED_AS: Record<string, { action: string; resources: string[]; context?: Record<string, string> }[]> = {
    Converse: [{ action: "bedrock:InvokeModel", resources: everyInvokeArn }],
    // `search` embeds its query with the sink's model.
    InvokeModel: [{ action: "bedrock:InvokeModel", resources: everyInvokeArn }],
    ConverseStream: [{ action: "bedrock:InvokeModelWithResponseStream", resources: everyInvokeArn }],
    CreateModelInvocationJob: [{ action: "bedrock:CreateModelInvocationJob", resources: [job, ...grants.filter((grant) => grant.batch).flatMap((grant) => grant.invokeArns)] }, { action: "iam:PassRole", resources: [role], context: { "iam:PassedToService": "bedrock.amazonaws.com" } }],
    GetModelInvocationJob: [{ action: "bedrock:GetModelInvocationJob", resources: [job] }],
    StopModelInvocationJob: [{ action: "bedrock:StopModelInvocationJob", resources: [job] }],
    ListModelInvocationJobs: [{ action: "bedrock:ListModelInvocationJobs", resources: ["*"] }],
    PutObject: [{ action: "s3:PutObject", resources: [inputKey] }],
    CreateMultipartUpload: [{ action: "s3:PutObject", resources: [inputKey] }],
    UploadPart: [{ action: "s3:PutObject", resources: [inputKey] }],
    CompleteMultipartUpload: [{ action: "s3:PutObject", resources: [inputKey] }],
    AbortMultipartUpload: [{ action: "s3:AbortMultipartUpload", resources: [inputKey] }],
    GetObject: [{ action: "s3:GetObject", resources: [inputKey] }],
    DeleteObject: [{ action: "s3:DeleteObject", resources: [inputKey] }],
    DeleteObjects: [{ action: "s3:DeleteObject", resources: [inputKey] }],
    ListObjectsV2: [{ action: "s3:ListBucket", resources: [bucket], context: s3List }],
    GetBucketLocation: [{ action: "s3:GetBucketLocation", resources: [bucket] }],
    GetFoundationModel: [{ action: "bedrock:GetFoundationModel", resources: grants.flatMap((grant) => grant.foundationModelArns) }],
    GetFoundationModelAvailability: [{ action: "bedrock:GetFoundationModelAvailability", resources: grants.flatMap((grant) => grant.foundationModelArns) }],
    GetInferenceProfile: [{ action: "bedrock:GetInferenceProfile", resources: grants.flatMap((grant) => grant.profileArns) }],
    GetRole: [{ action: "iam:GetRole", resources: [role] }],
    SimulatePrincipalPolicy: [{ action: "iam:SimulatePrincipalPolicy", resources: [role] }],
    ListServiceQuotas: [{ action: "servicequotas:ListServiceQuotas", resources: ["*"] }],
    GetIndex: [{ action: "s3vectors:GetIndex", resources: [vectorIndex] }],
    CreateIndex: [{ action: "s3vectors:CreateIndex", resources: [vectorBucket] }],
    PutVectors: [{ action: "s3vectors:PutVectors", resources: [vectorIndex] }],
    // With returnMetadata, QueryVectors also needs GetVectors (S3 Vectors API reference, QueryVectors).
    QueryVectors: [{ action: "s3vectors:QueryVectors", resources: [vectorIndex] }, { action: "s3vectors:GetVectors", resources: [vectorIndex] }],
    // STS GetCallerIdentity needs no permission (AWS: "No permissions are required to perform this operation").
    GetCallerIdentity: [],
  };

  it("GIVEN every SDK command in src/ THEN each is mapped to its IAM action and the generated bot policy allows it", () => {
    const commands = sentCommands();
    expect(commands.length).toBeGreaterThan(20);
    const unmapped = commands.filter(({ command }) => AUTHORIZED_AS[command] === undefined).map(({ command, file }) => `${command} (${file})`);
    expect(unmapped, "map these commands to their IAM actions in this test").toEqual([]);
    const denied: string[] = [];
    for (const { command } of commands) {
      for (const need of AUTHORIZED_AS[command] ?? []) {
        for (const resource of need.resources) {
          const { decision } = evaluatePolicies([bot], { action: need.action, resource, ...(need.context === undefined ? {} : { context: need.context }) });
          if (decision !== "allowed") denied.push(`${command}: ${need.action} on ${resource}`);
        }
      }
    }
    expect(denied).toEqual([]);
  });

  it("GIVEN a model not in the config or a bucket elsewhere THEN the bot policy denies it", () => {
    const deny = (action: string, resource: string) => evaluatePolicies([bot], { action, resource }).decision;
    expect(deny("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-opus-20240229-v1:0")).toBe("implicitDeny");
    expect(deny("s3:GetObject", "arn:aws:s3:::someone-elses-bucket/key")).toBe("implicitDeny");
    expect(deny("s3:GetObject", "arn:aws:s3:::my-batch-bucket/outside-the-prefix")).toBe("implicitDeny");
    expect(evaluatePolicies([bot as never], { action: "iam:PassRole", resource: role, context: { "iam:PassedToService": "ec2.amazonaws.com" } }).decision).toBe("implicitDeny");
  });
});
