import { describe, expect, it } from "vitest";
import { fakeProviderConfig, runCli, writeTempConfig } from "./run-cli.ts";

describe("bedrock-bot start", () => {
  it("GIVEN nothing configured WHEN started THEN every missing prerequisite is listed at once and it exits 1", async () => {
    const config = await writeTempConfig(`${fakeProviderConfig("http://127.0.0.1:9")}\n[batch]\nbucket = "b"\n`);
    const run = await runCli(["--config", config, "start"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot start — 2 problem(s):");
    expect(run.stderr).toContain('DISCORD_TOKEN is not set — put it in .env or the environment — see README "Discord setup"');
    expect(run.stderr).toContain("[batch] needs both bucket and role_arn (role_arn is missing)");
  });

  it("GIVEN a config with errors WHEN started THEN the config errors are reported with file:line", async () => {
    const config = await writeTempConfig('[[models]]\nname = "x"\nmodel_identifier = "m"\napi_provider = "nowhere"\n');
    const run = await runCli(["--config", config, "start"], { env: { DISCORD_TOKEN: "t" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/model_config\.toml:4:\d+ models\[0\]\.api_provider = "nowhere" is not a defined api_provider/);
  });

  it("GIVEN a --config file that does not exist THEN it names the file it tried and exits 1", async () => {
    const run = await runCli(["--config", "does/not/exist.toml", "config", "check"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("config: does/not/exist.toml");
  });
});

describe("bedrock-bot config check", () => {
  it("GIVEN the committed example THEN it loads cleanly and the summary lists providers and models", async () => {
    const run = await runCli(["config", "check", "config/model_config.example.toml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/providers \(1\)/);
    expect(run.stdout).toContain("warnings: none");
  });

  it("GIVEN a TOML syntax error THEN the position from the parser and exit code 1", async () => {
    const config = await writeTempConfig('[[models]]\nname = "x\n');
    const run = await runCli(["config", "check", config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/model_config\.toml:2:\d+ /);
  });
});
