import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { runCli } from "./run-cli.ts";

describe("bedrock-bot commands", () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;

  beforeEach(async () => {
    fake = await startFakeDiscord();
    env = { DISCORD_TOKEN: fake.botToken, DISCORD_API_URL: fake.restUrl };
  });

  afterEach(async () => {
    await fake.close();
  });

  it("GIVEN a guild id WHEN deployed THEN every command is registered there, valid by Discord's schema and limits, and listed back", async () => {
    const guildId = fake.guildId();
    const run = await runCli(["commands", "deploy", "--guild", guildId], { env });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`Registered 8 commands in guild ${guildId}: /chat, /model, /system, /guardrail, /usage, /tools, /batch, "Add to batch" (message menu)\n`);
    expect(run.code).toBe(0);
    expect(fake.commands(guildId).map((command) => command.name)).toEqual(["chat", "model", "system", "guardrail", "usage", "tools", "batch", "Add to batch"]);
    expect(fake.commands()).toEqual([]);
    // The application id was asked from Discord.
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toContain("GET /applications/@me");

    const list = await runCli(["commands", "list", "--guild", guildId], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("/model — Show the model answering here, or choose another one (admins)\n");
    expect(list.stdout.trim().split("\n")).toHaveLength(8);
    fake.assertNoViolations();
  });

  it("GIVEN no guild and DISCORD_APPLICATION_ID WHEN deployed twice THEN global commands are replaced, not duplicated, without asking for the application", async () => {
    const withAppId = { ...env, DISCORD_APPLICATION_ID: fake.applicationId };
    expect((await runCli(["commands", "deploy"], { env: withAppId })).stdout).toBe("Registered 8 global commands: /chat, /model, /system, /guardrail, /usage, /tools, /batch, \"Add to batch\" (message menu)\n");
    const ids = fake.commands().map((command) => command.id);
    expect((await runCli(["commands", "deploy"], { env: withAppId })).code).toBe(0);
    expect(fake.commands().map((command) => command.id)).toEqual(ids);
    expect(fake.requests.some((request) => request.path.endsWith("/applications/@me"))).toBe(false);
    expect((await runCli(["commands", "list", "--guild", fake.guildId()], { env })).stdout).toBe(`No commands registered in guild ${fake.guildId()}.\n`);
    fake.assertNoViolations();
  });

  it("GIVEN no token WHEN deploying THEN it says where to put one, exits 1 and calls nobody", async () => {
    const run = await runCli(["commands", "deploy"], { env: { DISCORD_API_URL: fake.restUrl } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('DISCORD_TOKEN is not set: put the bot token in .env or the environment (README "Discord setup").\n');
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN a token Discord rejects WHEN deploying THEN the 401 is named with the token to check", async () => {
    const run = await runCli(["commands", "deploy"], { env: { ...env, DISCORD_TOKEN: "not-the-token" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Discord rejected the bot token (GET /api/v10/applications/@me answered 401): check DISCORD_TOKEN");
    expect(fake.commands()).toEqual([]);
  });

  it("GIVEN a guild that is not a snowflake, or unknown to Discord THEN a clear error naming --guild", async () => {
    const notId = await runCli(["commands", "deploy", "--guild", "my-server"], { env });
    expect(notId.code).toBe(1);
    expect(notId.stderr).toContain('--guild "my-server" is not a guild id');

    const unknown = await runCli(["commands", "deploy", "--guild", "123456789012345678"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Discord does not know guild 123456789012345678");
    fake.takeViolations();
  });

  it("GIVEN nothing listening at DISCORD_API_URL THEN it says it cannot reach Discord there", async () => {
    const run = await runCli(["commands", "list"], { env: { ...env, DISCORD_API_URL: "http://127.0.0.1:9/api" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Cannot reach Discord at http:\/\/127\.0\.0\.1:9\/api: /);
  });
});
