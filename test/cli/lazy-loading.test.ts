/**
 * Registering the commands loads only commander (and dotenv): `--version` and `--help` must not pay for discord.js,
 * the AWS SDK, zod or pino, and `config check` loads the config layer only. Checks which packages load, never timings.
 */
import { describe, expect, it } from "vitest";
import { runRecordingPackages } from "./record-loaded-packages.ts";
import { CLI_BIN } from "./run-cli.ts";

const HEAVY = ["discord.js", "@aws-sdk/client-bedrock-runtime", "@aws-sdk/client-s3", "@smithy/core", "pino", "keyv"];

describe("what the CLI loads", () => {
  it("GIVEN a script importing discord.js and the AWS SDK WHEN recorded THEN both are seen (the recorder works)", async () => {
    const run = await runRecordingPackages(["--input-type=module", "-e", "await import('discord.js'); await import('@aws-sdk/client-s3');"]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain("discord.js");
    expect(run.packages).toContain("@aws-sdk/client-s3");
  });

  it.each(["--version", "--help", "batch --help", "config --help", "doctor --help", "iam policy --help"])("GIVEN `bedrock-bot %s` THEN only commander and dotenv load", async (line) => {
    const run = await runRecordingPackages([CLI_BIN, ...line.split(" ")]);
    expect(run.code).toBe(0);
    expect([...run.packages].sort()).toEqual(["commander", "dotenv"]);
  });

  it("GIVEN `config check` on the example THEN the config layer loads, but not discord.js, the AWS SDK or the logger", async () => {
    const run = await runRecordingPackages([CLI_BIN, "config", "check", "config/model_config.example.toml"]);
    expect(run.code).toBe(0);
    expect(run.packages).toContain("zod");
    expect(run.packages).toContain("smol-toml");
    expect(HEAVY.filter((name) => run.packages.has(name))).toEqual([]);
    expect([...run.packages].filter((name) => name.startsWith("@aws-sdk/") || name.startsWith("@smithy/"))).toEqual([]);
  });
});
