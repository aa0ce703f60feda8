/**
 * Settings, usage and the buttons of finished `/chat` answers (Retry, Show reasoning) survive a restart of the bot: same Discord, a new discord.js client and a new store opened on
 * the same url, on both back ends (sqlite file; redis at 127.0.0.1:6379 in a namespace of its own, emptied after).
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, Events, Partials } from "discord.js";
import { describe, expect, it } from "vitest";
import { attachBedrock } from "../../../src/bot/attach-bedrock.ts";
import { CHAT_SETTINGS_NAMESPACE } from "../../../src/store/keyv-chat-settings-repository.ts";
import { FINISHED_CHAT_RUNS_NAMESPACE } from "../../../src/store/finished-chat-runs.ts";
import { USAGE_DAILY_NAMESPACE, USAGE_NAMESPACE } from "../../../src/store/keyv-usage-repository.ts";
import { openBotStore } from "../../../src/store/open-bot-store.ts";
import { openKeyv } from "../../../src/store/open-keyv.ts";
import { answerFinished } from "../answer-predicates.ts";
import { DEFAULT_TEST_INTENTS, OTHER_MODEL, startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";
import { mentionAndWait, registerCommands, runCommandAndWait } from "./command-kit.ts";
import { deleteRedisKeys } from "../redis-keys.ts";

async function sqliteUrl(): Promise<string> {
  return `sqlite://${join(await mkdtemp(join(tmpdir(), "bot-restart-")), "bot.sqlite")}`;
}

/** A second bot process, as far as Discord can tell: a new client logged in with the plugin attached. */
async function startAnotherClient(h: BotHarness, context: BotHarness["context"]): Promise<{ stop(): Promise<void> }> {
  const client = new Client({ intents: DEFAULT_TEST_INTENTS, partials: [Partials.Channel], rest: { api: h.discord.restUrl } });
  const plugin = await attachBedrock(client, context);
  const ready = once(client, Events.ClientReady);
  await client.login(h.discord.botToken);
  await ready;
  return {
    async stop() {
      await plugin.detach();
      await client.destroy();
    },
  };
}

describe.each([
  ["sqlite", sqliteUrl],
  ["redis", () => Promise.resolve("redis://127.0.0.1:6379")],
])("a restart on %s", (_name, makeUrl) => {
  it("GIVEN a channel model, a server system prompt and one answer WHEN the bot restarts on the same store THEN the next answer uses both and /usage still counts the first", async () => {
    const url = await makeUrl();
    const namespacePrefix = `e2e-${randomUUID()}-`;
    const before = openBotStore(url, { namespacePrefix });
    const h = await startBotHarness({ bot: { system_prompt: "Config prompt." }, context: { settings: before.settings, usage: before.usage } });
    let after: ReturnType<typeof openBotStore> | undefined;
    let restarted: { stop(): Promise<void> } | undefined;
    try {
      await registerCommands(h.discord);
      await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.alice, options: { name: OTHER_MODEL.name } });
      await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "Kept across restarts.", scope: "server" } });
      await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "before the restart" });

      await h.bot.detach();
      await h.client.destroy();
      await before.close();

      after = openBotStore(url, { namespacePrefix });
      restarted = await startAnotherClient(h, { ...h.context, settings: after.settings, usage: after.usage });
      h.bedrock.reset();
      await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "after the restart" });
      expect(h.bedrock.requests.at(-1)?.modelId).toBe(OTHER_MODEL.id);
      expect(h.bedrock.requests.at(-1)?.body.system).toEqual([{ text: "Kept across restarts." }]);

      const view = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.bob });
      expect(view.content).toMatch(new RegExp(`^\\*\\*other-model\\*\\* answers here .*; set for <#${h.ids.general}> \\(last changed by <@${h.ids.alice}>`));
      const usage = await runCommandAndWait(h.discord, { name: "usage", channelId: h.ids.general, userId: h.ids.bob });
      expect(usage.content).toMatch(/^other-model +2 /m);
    } finally {
      await restarted?.stop();
      await h.stop();
      await after?.close();
      await clearNamespaces(url, namespacePrefix);
    }
  });

  it("GIVEN a finished /chat answer that reasoned WHEN the bot restarts on the same store THEN Retry asks the same prompt again and Show reasoning still shows it", async () => {
    const url = await makeUrl();
    const namespacePrefix = `e2e-${randomUUID()}-`;
    const before = openBotStore(url, { namespacePrefix });
    const h = await startBotHarness({ context: { settings: before.settings, usage: before.usage, finishedRuns: before.finishedRuns } });
    let after: ReturnType<typeof openBotStore> | undefined;
    let restarted: { stop(): Promise<void> } | undefined;
    try {
      await registerCommands(h.discord);
      h.bedrock.script(TEST_MODEL.id, { reasoning: "A colour people like.", text: "Blue." }, { text: "Green." });
      const asked = h.discord.runCommand({ name: "chat", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "pick a colour" } });
      const first = await h.discord.waitFor(() => {
        const message = h.discord.originalResponse(asked);
        return message !== undefined && answerFinished(message) && message;
      });

      await h.bot.detach();
      await h.client.destroy();
      await before.close();
      after = openBotStore(url, { namespacePrefix });
      restarted = await startAnotherClient(h, { ...h.context, settings: after.settings, usage: after.usage, finishedRuns: after.finishedRuns });

      const reasoning = h.discord.clickButton({ messageId: first.id, customId: `bdb:reasoning:${asked.id}`, userId: h.ids.alice });
      const shown = await h.discord.waitFor(() => reasoning.response);
      expect(JSON.stringify(shown.data)).toContain("A colour people like.");

      const retry = h.discord.clickButton({ messageId: first.id, customId: `bdb:retry:${asked.id}`, userId: h.ids.alice });
      const second = await h.discord.waitFor(() => {
        const message = h.discord.originalResponse(retry);
        return message !== undefined && answerFinished(message) && message;
      });
      expect(second.content).toContain("-# 💬 pick a colour");
      expect(second.content).toContain("Green.");
      const lastAsked = h.bedrock.requests.at(-1)?.body.messages as { content: { text?: string }[] }[];
      expect(lastAsked.map((message) => message.content[0]?.text)).toEqual(["Alice: pick a colour"]);
    } finally {
      await restarted?.stop();
      await h.stop();
      await after?.close();
      await clearNamespaces(url, namespacePrefix);
    }
  });
});

async function clearNamespaces(url: string, namespacePrefix: string): Promise<void> {
  for (const namespace of [CHAT_SETTINGS_NAMESPACE, USAGE_NAMESPACE, USAGE_DAILY_NAMESPACE, FINISHED_CHAT_RUNS_NAMESPACE]) {
    const keyv = openKeyv(url, namespacePrefix + namespace);
    await keyv.clear();
    await keyv.disconnect();
  }
  // Settings live in hashes beside keyv's keys on redis (keyv's clear does not see them).
  if (url.startsWith("redis://")) await deleteRedisKeys(`${namespacePrefix}*`);
}
