/** `doctor`'s AWS checks through the real SDK clients against the fakes: the passing setup, then each failure with its advice. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctorExitCode } from "../../src/doctor/check-result.ts";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { checkBatchBucket } from "../../src/doctor/aws/check-batch-bucket.ts";
import { s3rverClientConfig } from "../fakes/s3/s3rver-client-config.ts";
import { ACCOUNT, BUCKET, ROLE_ARN, doctorConfig, goodRole, resultOf, runDoctor, startDoctorWorld, type DoctorWorld } from "./doctor-kit.ts";

let world: DoctorWorld;
beforeAll(async () => {
  world = await startDoctorWorld();
}, 60_000);
afterAll(async () => world.close());

describe("doctor, AWS side", () => {
  it("GIVEN a correct setup WHEN doctor runs THEN every check is ok and the exit code is 0", async () => {
    const results = await runDoctor(world, doctorConfig(world));
    expect(results.filter((result) => result.status !== "ok")).toEqual([]);
    expect(results.map((result) => result.check)).toEqual([
      "aws.credentials",
      "model.exists",
      "model.access",
      "batch.bucket",
      "batch.bucket.write",
      "batch.role.trust",
      "batch.role.permissions",
      "model.batch",
      "batch.quotas",
      "discord.token",
      "discord.application",
      "discord.intents",
      "discord.commands",
    ]);
    expect(resultOf(results, "aws.credentials")?.detail).toBe(`arn:aws:iam::${ACCOUNT}:user/bedrock-bot (account ${ACCOUNT}), region us-east-1`);
    expect(resultOf(results, "model.exists")?.detail).toBe("inference profile us.amazon.nova-lite-v1:0 in us-east-1, routes to us-east-1, us-east-2, us-west-2");
    expect(doctorExitCode(results)).toBe(0);
    // The test object was removed again.
    const left = await world.s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(left.Contents ?? []).toEqual([]);
  });

  it("GIVEN keys STS refuses WHEN doctor runs THEN credentials fail with the keys to check", async () => {
    world.aws.rejectedKeys.add("AKIDREVOKED");
    const results = await runDoctor(world, doctorConfig(world, { apiKey: "AKIDREVOKED" }));
    world.aws.rejectedKeys.clear();
    expect(resultOf(results, "aws.credentials")).toEqual({
      check: "aws.credentials",
      subject: "fake",
      status: "fail",
      detail: "credentials do not work: InvalidClientTokenId: The security token included in the request is invalid.",
      fix: 'check api_key / extra_params.aws_secret_key of [[api_providers]] "fake" (or the environment variables they name); rotated or deleted keys fail here',
    });
    expect(resultOf(results, "batch.setup")?.fix).toBe("fix aws.credentials first");
    expect(doctorExitCode(results)).toBe(1);
  });

  it("GIVEN an eu. profile on a us-east-1 provider WHEN doctor runs THEN the model fails with the geography advice", async () => {
    const results = await runDoctor(world, doctorConfig(world, { modelIdentifier: "eu.amazon.nova-lite-v1:0" }));
    expect(resultOf(results, "model.exists")).toMatchObject({
      status: "fail",
      detail: "inference profile eu.amazon.nova-lite-v1:0 is not offered in us-east-1 (ResourceNotFoundException: The inference profile eu.amazon.nova-lite-v1:0 was not found in us-east-1.)",
      fix: '"eu." profiles exist only in eu regions: use the profile of us-east-1\'s geography, or a provider in a region of that geography',
    });
  });

  it("GIVEN a model that runs on demand only through a profile WHEN its bare id is configured THEN doctor says which profile id to use", async () => {
    const results = await runDoctor(world, doctorConfig(world, { modelIdentifier: "anthropic.claude-sonnet-4-20250514-v1:0" }));
    expect(resultOf(results, "model.exists")).toMatchObject({
      status: "fail",
      detail: "anthropic.claude-sonnet-4-20250514-v1:0 runs on demand in us-east-1 only through an inference profile",
      fix: 'set model_identifier = "us.anthropic.claude-sonnet-4-20250514-v1:0" (the cross-region profile)',
    });
  });

  it("GIVEN model access not granted WHEN doctor runs THEN model.access fails pointing at the console of that region", async () => {
    world.bedrock.models.denyAccess("amazon.nova-lite-v1:0");
    const results = await runDoctor(world, doctorConfig(world));
    world.bedrock.reset();
    expect(resultOf(results, "model.access")).toMatchObject({
      status: "fail",
      detail: "model access to amazon.nova-lite-v1:0 is not granted in us-east-1 (authorization NOT_AUTHORIZED, entitlement NOT_AVAILABLE, agreement NOT_AVAILABLE)",
      fix: "grant it in the Bedrock console of us-east-1: Model access (Anthropic models also need the first-use form)",
    });
  });

  it("GIVEN --invoke WHEN the model answers THEN doctor says the tokens and what the call cost; WHEN refused THEN it fails with the fix", async () => {
    world.bedrock.script("us.amazon.nova-lite-v1:0", { text: "Hi", usage: { inputTokens: 12, outputTokens: 1 } });
    const answered = await runDoctor(world, doctorConfig(world), { invoke: true });
    expect(resultOf(answered, "model.invoke")).toEqual({ check: "model.invoke", subject: "nova-lite", status: "ok", detail: "answered in us-east-1: 12 input + 1 output tokens, cost $0.000001" });
    const converse = world.bedrock.requests.at(-1)?.body as { inferenceConfig?: { maxTokens?: number } };
    expect(converse.inferenceConfig?.maxTokens).toBe(1);
    world.bedrock.fail(1, { status: 403, type: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." });
    const refused = await runDoctor(world, doctorConfig(world), { invoke: true });
    expect(resultOf(refused, "model.invoke")).toMatchObject({
      status: "fail",
      detail: "invocation refused: AccessDeniedException: You don't have access to the model with the specified model ID.",
      fix: "grant model access in the Bedrock console of us-east-1 and allow bedrock:InvokeModel on it (`bedrock-bot iam policy --role bot`)",
    });
  });

  it("GIVEN a bucket that does not exist WHEN doctor runs THEN batch.bucket fails with the command to create it", async () => {
    const results = await runDoctor(world, doctorConfig(world, { bucket: "no-such-bucket" }));
    expect(resultOf(results, "batch.bucket")).toMatchObject({ status: "fail", detail: "bucket no-such-bucket does not exist", fix: "create it in us-east-1 (aws s3 mb s3://no-such-bucket --region us-east-1) or fix [batch] bucket" });
  });

  it("GIVEN batch jobs in us-west-2 and a us-east-1 bucket WHEN doctor runs THEN it says Bedrock reads only buckets of its region", async () => {
    const results = await runDoctor(world, doctorConfig(world, { region: "us-west-2" }));
    expect(resultOf(results, "batch.bucket")).toMatchObject({
      status: "fail",
      detail: "bucket is in us-east-1, the batch jobs run in us-west-2",
      fix: "Bedrock reads only buckets of its own region: use a bucket in us-west-2, or run batch through a provider in us-east-1 ([batch] provider)",
    });
  });

  it("GIVEN no such role WHEN doctor runs THEN it says how to create it", async () => {
    const results = await runDoctor(world, doctorConfig(world, { roleArn: `arn:aws:iam::${ACCOUNT}:role/Missing` }));
    expect(resultOf(results, "batch.role")).toMatchObject({
      status: "fail",
      detail: "the role does not exist",
      fix: "create it with the trust policy from `bedrock-bot iam policy --role trust` and the permissions from `--role batch`, or fix [batch] role_arn",
    });
  });

  it("GIVEN a trust policy that does not name Bedrock THEN batch.role.trust fails with the generated trust policy as the fix", async () => {
    world.aws.roles.set("BedrockBatch", { ...goodRole(), trustPolicy: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } });
    const results = await runDoctor(world, doctorConfig(world));
    world.aws.roles.set("BedrockBatch", goodRole());
    expect(resultOf(results, "batch.role.trust")).toMatchObject({
      status: "fail",
      detail: "the trust policy does not let bedrock.amazonaws.com assume the role (sts:AssumeRole)",
      fix: "replace the role's trust policy with `bedrock-bot iam policy --role trust`",
    });
  });

  it("GIVEN batch turned on for a model of no known batch-capable family THEN model.batch warns", async () => {
    const results = await runDoctor(world, doctorConfig(world, { modelIdentifier: "cohere.command-r-v1:0" }));
    expect(resultOf(results, "model.batch")).toEqual({
      check: "model.batch",
      subject: "nova-lite",
      status: "warn",
      detail: "[models.batch] enabled = true, but cohere.command-r-v1:0 is not a known batch-capable model family",
      fix: "check the Bedrock user guide's list of models that support batch inference; jobs for other models fail at submission",
    });
    expect(resultOf(await runDoctor(world, doctorConfig(world)), "model.batch")?.detail).toBe("Amazon Nova: batch-capable, 100-50000 records per job, Converse bodies");
  });

  it("GIVEN no DISCORD_TOKEN THEN discord.token fails saying where to put it", async () => {
    const results = await runDoctor(world, doctorConfig(world), { token: null });
    expect(resultOf(results, "discord.token")).toEqual({ check: "discord.token", subject: "DISCORD_TOKEN", status: "fail", detail: "DISCORD_TOKEN is not set", fix: 'put the bot token in .env or the environment (README "Discord setup")' });
  });

  it("GIVEN S3 refusing writes under the prefix (as a bucket policy would) THEN batch.bucket.write fails with the policy to attach", async () => {
    const s3 = new S3Client(s3rverClientConfig(world.s3.endpoint));
    // s3rver enforces no policies: the refusal S3 sends for a denied PutObject is raised in the client's stack instead.
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutObjectCommand") throw Object.assign(new Error("Access Denied"), { name: "AccessDenied", $fault: "client" });
        return next(args);
      },
      { step: "initialize" },
    );
    const results = await checkBatchBucket({ bucket: BUCKET, prefix: "bedrock-discord-bot/", region: "us-east-1", s3, testKey: "doctor/denied.txt" });
    s3.destroy();
    expect(results).toEqual([
      { check: "batch.bucket", subject: `s3://${BUCKET}/bedrock-discord-bot/`, status: "ok", detail: "exists in us-east-1" },
      {
        check: "batch.bucket.write",
        subject: `s3://${BUCKET}/bedrock-discord-bot/`,
        status: "fail",
        detail: "cannot put bedrock-discord-bot/doctor/denied.txt: AccessDenied: Access Denied",
        fix: "allow s3:PutObject, s3:GetObject and s3:DeleteObject under the prefix: `bedrock-bot iam policy --role bot`",
      },
    ]);
  });

  it("GIVEN a trust policy without aws:SourceAccount WHEN doctor runs THEN it warns (exit code 2)", async () => {
    world.aws.roles.set("BedrockBatch", { ...goodRole(), trustPolicy: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } });
    const results = await runDoctor(world, doctorConfig(world));
    world.aws.roles.set("BedrockBatch", goodRole());
    expect(resultOf(results, "batch.role.trust")).toEqual({
      check: "batch.role.trust",
      subject: ROLE_ARN,
      status: "warn",
      detail: `bedrock.amazonaws.com may assume it, but without an aws:SourceAccount = ${ACCOUNT} condition (any account's jobs could use it)`,
      fix: "replace the role's trust policy with `bedrock-bot iam policy --role trust`",
    });
    expect(doctorExitCode(results)).toBe(2);
  });

  it("GIVEN a role that may not write outputs WHEN doctor runs THEN the simulation names the denied call", async () => {
    const role = goodRole();
    const statements = (role.permissionPolicies[0]?.Statement ?? []) as { Action: string }[];
    world.aws.roles.set("BedrockBatch", { ...role, permissionPolicies: [{ Statement: statements.filter((statement) => statement.Action !== "s3:PutObject") as never }] });
    const results = await runDoctor(world, doctorConfig(world));
    world.aws.roles.set("BedrockBatch", goodRole());
    expect(resultOf(results, "batch.role.permissions")).toMatchObject({
      status: "fail",
      detail: "the role may not: write job outputs (s3:PutObject on arn:aws:s3:::doctor-batch/bedrock-discord-bot/runs/doctor/job-1/output/job/records-1.jsonl.out: implicitDeny)",
      fix: "attach the policy from `bedrock-bot iam policy --role batch` to the role",
    });
  });

  it("GIVEN a quota above the configured minimum records WHEN doctor runs THEN batch.quotas fails with the setting to change", async () => {
    world.aws.quotas = [
      { QuotaCode: "L-MIN1", QuotaName: "Minimum number of records per batch inference job for Nova Lite", Value: 1000, Adjustable: false },
      { QuotaCode: "L-JOBS", QuotaName: "Sum of in-progress and submitted batch inference jobs using a base model for Nova Lite", Value: 10, Adjustable: true },
    ];
    const tooFew = await runDoctor(world, doctorConfig(world));
    expect(resultOf(tooFew, "batch.quotas")).toMatchObject({
      status: "fail",
      detail: "jobs need at least 1000 records (quota), the config plans with 100",
      fix: "set [models.batch] min_records = 1000 for nova-lite, or the smallest jobs fail validation",
    });
    const tooMany = await runDoctor(world, doctorConfig(world, { modelBatch: "min_records = 1000" }));
    world.aws.quotas = [];
    expect(resultOf(tooMany, "batch.quotas")).toMatchObject({
      status: "warn",
      detail: "the config allows 20 jobs at once, the quota 10",
      fix: "set [models.batch] max_concurrent_jobs = 10 (or request a quota increase), else submissions over the quota are refused",
    });
  });
});
