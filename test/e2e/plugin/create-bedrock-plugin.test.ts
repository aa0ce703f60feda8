/**
 * `createBedrockPlugin` as a host uses it, through a real discord.js client against the fake Discord and Bedrock:
 * features decide what is answered and deployed; a host's own command and button on the same client stay the host's;
 * the host's store location (with its prefix) is where the state goes; attach / detach / attach again.
 */
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { Client, Events, GatewayIntentBits, Partials, SlashCommandBuilder } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBedrockPlugin, type BedrockPluginOptions } from "../../../src/index.ts";
import { UserFacingError } from "../../../src/bedrock/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../../fakes/discord/index.ts";
import { repliesTo } from "../answer-predicates.ts";
import { harnessConfigToml } from "../bot-harness.ts";
import { deleteRedisKeys, REDIS_URL, redisKeys } from "../redis-keys.ts";

const HOST_COMMAND = new SlashCommandBuilder().setName("ping").setDescription("The host's own command").toJSON();

let discord: FakeDiscord;
let bedrock: FakeBedrock;
let dir: string;
let configPath: string;
const clients: Client[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
  bedrock = await startFakeBedrock();
  dir = mkdtempSync(join(tmpdir(), "plugin-"));
  configPath = join(dir, "model_config.toml");
  writeFileSync(configPath, harnessConfigToml(bedrock.url, discord.cdnHost));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await discord.close();
  await bedrock.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A host's client: its own intents, its own /ping with a button it handles itself. */
function startHost(): { client: Client; hostInteractions: string[] } {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    rest: { api: discord.restUrl },
  });
  clients.push(client);
  const hostInteractions: string[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === "ping") {
      hostInteractions.push("ping");
      void interaction.reply({ content: "pong from the host", components: [{ type: 1, components: [{ type: 2, style: 1, label: "Again", custom_id: "host:again" }] }] });
    }
    if (interaction.isButton() && interaction.customId === "host:again") {
      hostInteractions.push("again");
      void interaction.update({ content: "pong again from the host" });
    }
  });
  return { client, hostInteractions };
}

async function login(client: Client): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(discord.botToken);
  await ready;
}

const options = (extra: Partial<BedrockPluginOptions> = {}): BedrockPluginOptions => ({ config: configPath, logger: createLogger({ level: "silent" }), store: `sqlite://${join(dir, "bot.sqlite")}`, ...extra });

describe("createBedrockPlugin", () => {
  it("GIVEN a host with its own /ping and button WHEN the plugin is attached THEN it answers mentions and leaves the host's interactions to the host", async () => {
    const plugin = await createBedrockPlugin(options());
    const { client, hostInteractions } = startHost();
    await plugin.attach(client);
    await login(client);
    await client.application?.commands.set([HOST_COMMAND, ...plugin.commands]);
    const general = discord.channelId("general");

    const question = discord.userSays({ channelId: general, authorId: discord.userId("bob"), content: "hello plugin", mentionsBot: true });
    const answer = await discord.waitForMessage({ where: (m) => repliesTo(question.id)(m) && m.content.includes(" out · ") });
    expect(answer.content).toContain("echo: Bob: hello plugin");

    const ping = discord.runCommand({ name: "ping", channelId: general, userId: discord.userId("bob") });
    const pong = await discord.waitFor(() => ping.response, { description: "the host's /ping reply" });
    expect(pong.data).toMatchObject({ content: "pong from the host" });
    const pongMessage = await discord.waitFor(() => ping.originalMessageId);
    const again = discord.clickButton({ messageId: pongMessage, customId: "host:again", userId: discord.userId("bob") });
    await discord.waitFor(() => again.response, { description: "the host's button answer" });
    expect(discord.message(pongMessage)?.content).toEqual("pong again from the host");
    expect(hostInteractions).toEqual(["ping", "again"]);
    // The plugin answered neither: no follow-up, and nothing but the host's pong in the channel after the answer.
    expect(ping.followUpMessageIds).toEqual([]);

    await plugin.detach();
    const ignored = discord.userSays({ channelId: general, authorId: discord.userId("bob"), content: "still there?", mentionsBot: true });
    const afterPing = discord.runCommand({ name: "ping", channelId: general, userId: discord.userId("bob") });
    await discord.waitFor(() => afterPing.response, { description: "the host still answering after detach" });
    expect(discord.messages(general).filter((m) => repliesTo(ignored.id)(m))).toEqual([]);
    discord.assertNoViolations();
  });

  it("GIVEN features { chat: false } WHEN a member mentions the bot THEN nothing answers, /model still does, and /chat is not deployed", async () => {
    const plugin = await createBedrockPlugin(options({ features: { chat: false } }));
    expect(plugin.commands.map((command) => command.name)).toEqual(["model", "system", "guardrail", "usage", "tools"]);
    expect(plugin.features).toEqual({ chat: false, commands: true, batch: false });
    const { client } = startHost();
    await plugin.attach(client);
    await login(client);
    await client.application?.commands.set(plugin.commands);
    const general = discord.channelId("general");

    const question = discord.userSays({ channelId: general, authorId: discord.userId("bob"), content: "anyone?", mentionsBot: true });
    const model = discord.runCommand({ name: "model", channelId: general, userId: discord.userId("bob") });
    await discord.waitFor(() => model.response, { description: "the /model answer" });
    expect(JSON.stringify(model.response)).toContain("test-model");
    // Without chat the plugin does not listen to messages at all (the host added no listener of its own).
    expect(client.listenerCount(Events.MessageCreate)).toEqual(0);
    expect(bedrock.requests).toEqual([]);
    expect(discord.messages(general).filter((m) => repliesTo(question.id)(m))).toEqual([]);
    await plugin.detach();
  });

  it("GIVEN features { batch: true } and no [batch] bucket WHEN created THEN a sentence says what to set", async () => {
    const created = createBedrockPlugin(options({ features: { batch: true } }));
    await expect(created).rejects.toBeInstanceOf(UserFacingError);
    await expect(created).rejects.toThrow(/\[batch\] bucket/);
  });

  it("GIVEN a redis store with a prefix WHEN a member is answered THEN usage lands under that prefix, and the plugin attaches again after detach", async () => {
    const prefix = `plugin-${randomUUID()}:`;
    const plugin = await createBedrockPlugin(options({ store: { url: REDIS_URL, prefix } }));
    const { client } = startHost();
    await plugin.attach(client);
    await expect(plugin.attach(client)).rejects.toThrow(/already attached/);
    await login(client);
    const general = discord.channelId("general");
    try {
      const first = discord.userSays({ channelId: general, authorId: discord.userId("bob"), content: "one", mentionsBot: true });
      await discord.waitForMessage({ where: (m) => repliesTo(first.id)(m) && m.content.includes(" out · ") });
      await plugin.detach();
      await plugin.attach(client);
      const second = discord.userSays({ channelId: general, authorId: discord.userId("bob"), content: "two", mentionsBot: true });
      await discord.waitForMessage({ where: (m) => repliesTo(second.id)(m) && m.content.includes(" out · ") });
      await plugin.detach();
      const keys = await redisKeys(`${prefix}*`);
      expect(keys.filter((key) => key.startsWith(`${prefix}usage::`))).toHaveLength(2);
    } finally {
      await deleteRedisKeys(`${prefix}*`);
    }
  });
});
