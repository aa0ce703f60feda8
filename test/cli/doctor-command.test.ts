/**
 * The built `bedrock-bot doctor`, `iam policy` and `start` in child processes, against the fakes: exit codes 0 / 1 / 2,
 * the one-line-per-check output and JSON, the generated policy read through GetInferenceProfile, and `start`
 * suggesting doctor when a start-up call fails. STS, IAM and Service Quotas are reached through the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> settings, as an operator would point them at a VPC endpoint.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCTOR_HINT } from "../../src/cli/run-start.ts";
import { ACCOUNT, doctorToml, goodRole, startDoctorWorld, type DoctorWorld } from "../doctor/doctor-kit.ts";
import { runCli, writeTempConfig } from "./run-cli.ts";

let world: DoctorWorld;
beforeAll(async () => {
  world = await startDoctorWorld();
}, 60_000);
afterAll(async () => world.close());

function env(): Record<string, string> {
  return {
    DISCORD_TOKEN: world.discord.botToken,
    DISCORD_API_URL: world.discord.restUrl,
    AWS_ENDPOINT_URL_STS: world.aws.url,
    AWS_ENDPOINT_URL_IAM: world.aws.url,
    AWS_ENDPOINT_URL_SERVICE_QUOTAS: world.aws.url,
  };
}

describe("bedrock-bot doctor", () => {
  it("GIVEN a correct setup THEN every line is ok and the exit code is 0; --json carries the same checks", async () => {
    const config = await writeTempConfig(doctorToml(world));
    const text = await runCli(["--config", config, "doctor"], { env: env() });
    expect(text.stderr).not.toContain("Error");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`ok   aws.credentials [fake] arn:aws:iam::${ACCOUNT}:user/bedrock-bot (account ${ACCOUNT}), region us-east-1\n`);
    expect(text.stdout).toContain("13 checks: 13 ok, 0 warnings, 0 failed");
    const json = await runCli(["--config", config, "doctor", "--json"], { env: env() });
    const report = JSON.parse(json.stdout) as { exitCode: number; checks: { check: string; status: string }[] };
    expect(json.code).toBe(0);
    expect(report.exitCode).toBe(0);
    expect(report.checks.map((check) => check.status)).toEqual(Array(13).fill("ok"));
  });

  it("GIVEN model access not granted THEN the FAIL line and its fix are printed and the exit code is 1", async () => {
    world.bedrock.models.denyAccess("amazon.nova-lite-v1:0");
    const run = await runCli(["--config", await writeTempConfig(doctorToml(world)), "doctor"], { env: env() });
    world.bedrock.reset();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "FAIL model.access [nova-lite] model access to amazon.nova-lite-v1:0 is not granted in us-east-1 (authorization NOT_AUTHORIZED, entitlement NOT_AVAILABLE, agreement NOT_AVAILABLE)\n     fix: grant it in the Bedrock console of us-east-1: Model access (Anthropic models also need the first-use form)\n",
    );
  });

  it("GIVEN only a warning (trust policy without aws:SourceAccount) THEN the exit code is 2", async () => {
    world.aws.roles.set("BedrockBatch", { ...goodRole(), trustPolicy: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } });
    const run = await runCli(["--config", await writeTempConfig(doctorToml(world)), "doctor"], { env: env() });
    world.aws.roles.set("BedrockBatch", goodRole());
    expect(run.stdout).toContain("WARN batch.role.trust");
    expect(run.code).toBe(2);
  });
});

describe("bedrock-bot iam policy", () => {
  it("GIVEN the fakes THEN --role bot --json is the policy with each profile's routed regions read from GetInferenceProfile", async () => {
    const run = await runCli(["--config", await writeTempConfig(doctorToml(world)), "iam", "policy", "--role", "bot", "--json"], { env: env() });
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout) as { Statement: { Sid: string; Resource: string[] }[] };
    expect(policy.Statement.find((statement) => statement.Sid === "InvokeConfiguredModels")?.Resource).toEqual([
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.amazon.nova-lite-v1:0`,
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
      "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-lite-v1:0",
      "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0",
    ]);
    expect(world.bedrock.models.requests.map((request) => request.operation)).toContain("GetInferenceProfile");
  });

  it("GIVEN --offline without an account THEN it asks for --account", async () => {
    const toml = doctorToml(world).replace(/role_arn = .*\n/, "");
    const run = await runCli(["--config", await writeTempConfig(toml), "iam", "policy", "--offline"], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: --offline needs the account id: give --account <id> (or set [batch] role_arn).");
  });
});

describe("bedrock-bot start", () => {
  it("GIVEN a token Discord rejects WHEN it starts THEN it says so and suggests doctor", async () => {
    const config = await writeTempConfig(`${doctorToml(world)}\n[storage]\nurl = "sqlite://${join(tmpdir(), `doctor-start-${process.pid}.sqlite`)}"\n`);
    const run = await runCli(["--config", config, "start"], { env: { ...env(), DISCORD_TOKEN: "not-the-token" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot start — Discord rejected the bot token");
    expect(run.stderr).toContain(DOCTOR_HINT);
  });
});
