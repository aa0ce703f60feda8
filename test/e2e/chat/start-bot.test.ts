/** The standalone bot (`startBot`): env-driven client, sqlite store, a mention answered; clear login failures. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GatewayIntentBits } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot } from "../../../src/bot/start-bot.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { openBotStore } from "../../../src/store/open-bot-store.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../../fakes/discord/index.ts";
import { harnessConfigToml } from "../bot-harness.ts";

let dir: string;
let bedrock: FakeBedrock;
let discord: FakeDiscord | undefined;
const logger = createLogger({ level: "silent" });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "start-bot-"));
  bedrock = await startFakeBedrock();
});
afterEach(async () => {
  await discord?.close();
  discord?.assertNoViolations();
  discord = undefined;
  await bedrock.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp(options: FakeDiscordOptions = {}) {
  discord = await startFakeDiscord(options);
  const config = parseConfig(harnessConfigToml(bedrock.url, discord.cdnHost), "start-bot.toml", {});
  config.data.storage.url = `sqlite://${join(dir, "bot.sqlite")}`;
  return { discord, config, env: { DISCORD_TOKEN: discord.botToken, DISCORD_API_URL: discord.restUrl } };
}

describe("startBot", () => {
  it("GIVEN a token and DISCORD_API_URL WHEN started THEN it connects with minimal intents, answers a mention, records usage in the store, and stops cleanly", async () => {
    const { discord, config, env } = await setUp();
    const bot = await startBot({ config, env, logger });
    try {
      expect(discord.stats.gateway.lastIntents).toEqual(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
      const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("alice"), content: "ping", mentionsBot: true });
      const answer = await discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.content.includes(" out · ") });
      expect(answer.content).toContain("echo: Alice: ping");
    } finally {
      await bot.stop();
    }
    const store = openBotStore(config.data.storage.url);
    try {
      expect(await store.usage.list({ since: new Date(0) })).toEqual([expect.objectContaining({ kind: "chat", userId: discord.userId("alice") })]);
    } finally {
      await store.close();
    }
  });

  it("GIVEN a wrong token WHEN started THEN it fails with a sentence saying to check DISCORD_TOKEN", async () => {
    const { config, env } = await setUp();

    await expect(startBot({ config, env: { ...env, DISCORD_TOKEN: "not-the-token" }, logger })).rejects.toThrow(/Discord rejected the bot token: check DISCORD_TOKEN/);
  });

  it("GIVEN DISCORD_MESSAGE_CONTENT=1 but the intent is not enabled for the app WHEN started THEN it fails saying where to enable it", async () => {
    const { config, env } = await setUp({ privilegedIntents: { messageContent: false } });

    await expect(startBot({ config, env: { ...env, DISCORD_MESSAGE_CONTENT: "1" }, logger })).rejects.toThrow(/Message Content intent \(gateway close 4014\)/);
  });
});
