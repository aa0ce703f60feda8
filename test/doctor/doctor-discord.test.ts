/** `doctor`'s Discord checks through discord.js REST against the fake Discord: each failure with its advice. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommandRest } from "../../src/bot/commands/deploy-commands.ts";
import type { CheckResult } from "../../src/doctor/check-result.ts";
import { checkDiscord } from "../../src/doctor/discord/check-discord.ts";
import { startFakeDiscord } from "../fakes/discord/start-fake-discord.ts";
import type { FakeDiscord } from "../fakes/discord/fake-discord.ts";
import { deployCommands } from "../../src/bot/commands/deploy-commands.ts";

let discord: FakeDiscord;
let noContentIntent: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
  noContentIntent = await startFakeDiscord({ privilegedIntents: { messageContent: false } });
});
afterAll(async () => {
  await discord.close();
  await noContentIntent.close();
});

const check = (fake: FakeDiscord, options: { token?: string; messageContent?: boolean; channelIds?: string[] } = {}): Promise<CheckResult[]> =>
  checkDiscord({ rest: createCommandRest(options.token ?? fake.botToken, fake.restUrl), messageContent: options.messageContent ?? false, channelIds: options.channelIds ?? [] });

const byCheck = (results: CheckResult[], id: string) => results.find((result) => result.check === id);

describe("doctor, Discord side", () => {
  it("GIVEN a wrong token THEN discord.token fails with where to reset it", async () => {
    const results = await check(discord, { token: "not-the-token" });
    expect(results).toEqual([
      { check: "discord.token", subject: "DISCORD_TOKEN", status: "fail", detail: "Discord rejected the bot token (401)", fix: "Developer Portal → your application → Bot → Reset Token, then put it in .env as DISCORD_TOKEN" },
    ]);
  });

  it("GIVEN no commands registered WHEN checked THEN discord.commands fails; after deploy it is ok; a changed one warns with the diff", async () => {
    expect(byCheck(await check(discord), "discord.commands")).toMatchObject({ status: "fail", detail: "no slash commands are registered", fix: "run `bedrock-bot commands deploy`" });
    const rest = createCommandRest(discord.botToken, discord.restUrl);
    const registered = await deployCommands(rest, { applicationId: discord.applicationId });
    expect(byCheck(await check(discord), "discord.commands")).toMatchObject({ status: "ok", detail: `${registered.length} commands registered, identical to this version's` });
    const chat = registered.find((command) => command.name === "chat");
    await rest.post(`/applications/${discord.applicationId}/commands`, { body: { name: "chat", type: 1, description: "an older description" } });
    await rest.post(`/applications/${discord.applicationId}/commands`, { body: { name: "imagine", type: 1, description: "another bot's command" } });
    expect(chat).toBeDefined();
    expect(byCheck(await check(discord), "discord.commands")).toMatchObject({
      status: "warn",
      detail: "registered commands differ from this version's: /chat differs at options; /imagine is registered but not deployed by this version",
      fix: "run `bedrock-bot commands deploy`",
    });
  });

  it("GIVEN DISCORD_MESSAGE_CONTENT=1 and the intent off in the portal THEN discord.intents fails before the login would", async () => {
    expect(byCheck(await check(noContentIntent, { messageContent: true }), "discord.intents")).toEqual({
      check: "discord.intents",
      subject: noContentIntent.applicationId,
      status: "fail",
      detail: "DISCORD_MESSAGE_CONTENT=1 asks for the Message Content intent, which is not enabled for the application (Discord closes the login with 4014)",
      fix: "Developer Portal → Bot → Privileged Gateway Intents → Message Content, or unset DISCORD_MESSAGE_CONTENT",
    });
    expect(byCheck(await check(discord, { messageContent: true }), "discord.intents")?.status).toBe("ok");
  });

  it("GIVEN a configured channel where the bot may not attach files THEN discord.channel names the missing permissions", async () => {
    const general = discord.channelId("general");
    expect(byCheck(await check(discord, { channelIds: [general] }), "discord.channel")).toMatchObject({ status: "ok", detail: "the bot may answer and post results in #general" });
    discord.setBotPermissions(general, { deny: ["AttachFiles", "EmbedLinks"] });
    expect(byCheck(await check(discord, { channelIds: [general] }), "discord.channel")).toEqual({
      check: "discord.channel",
      subject: general,
      status: "fail",
      detail: "the bot lacks AttachFiles, EmbedLinks in #general",
      fix: 'grant them to the bot\'s role in that channel (Edit Channel → Permissions), or re-invite it with them (README "Discord setup")',
    });
    expect(byCheck(await check(discord, { channelIds: ["123456789012345678"] }), "discord.channel")).toMatchObject({ status: "fail", detail: "the bot cannot see this channel (unknown channel)" });
  });
});
