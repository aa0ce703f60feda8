import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { UsageRecord } from "../../src/store/chat-settings.ts";
import { CHAT_SETTINGS_NAMESPACE } from "../../src/store/keyv-chat-settings-repository.ts";
import { USAGE_DAILY_NAMESPACE, USAGE_NAMESPACE } from "../../src/store/keyv-usage-repository.ts";
import { openBotStore, type BotStore } from "../../src/store/open-bot-store.ts";
import { openKeyv } from "../../src/store/open-keyv.ts";
import { deleteRedisKeys } from "../e2e/redis-keys.ts";

async function sqliteUrl(): Promise<string> {
  return `sqlite://${join(await mkdtemp(join(tmpdir(), "bot-store-")), "bot.sqlite")}`;
}

function usage(overrides: Partial<UsageRecord>): UsageRecord {
  return { at: "2025-03-01T12:00:00.000Z", kind: "chat", userId: "u1", guildId: "g1", channelId: "c1", model: "nova-lite", inputTokens: 10, outputTokens: 5, costUsd: 0.25, ...overrides };
}

/** Empties the namespaces a test used, so a shared redis keeps nothing behind. */
async function clearNamespaces(url: string, prefix: string): Promise<void> {
  for (const namespace of [CHAT_SETTINGS_NAMESPACE, USAGE_NAMESPACE, USAGE_DAILY_NAMESPACE]) {
    const keyv = openKeyv(url, prefix + namespace);
    await keyv.clear();
    await keyv.disconnect();
  }
  // Settings live in hashes beside keyv's keys on redis (keyv's clear does not see them).
  if (url.startsWith("redis://")) await deleteRedisKeys(`${prefix}*`);
}

describe.each([
  ["sqlite", sqliteUrl],
  ["redis", () => Promise.resolve("redis://127.0.0.1:6379")],
])("openBotStore on %s", (_name, makeUrl) => {
  const opened: BotStore[] = [];
  const used: { url: string; prefix: string }[] = [];
  const open = async (url?: string, prefix?: string) => {
    const where = { url: url ?? (await makeUrl()), prefix: prefix ?? `test-${randomUUID()}-` };
    used.push(where);
    const store = openBotStore(where.url, { namespacePrefix: where.prefix });
    opened.push(store);
    return { store, ...where };
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    for (const { url, prefix } of used.splice(0)) await clearNamespaces(url, prefix);
  });

  it("GIVEN channel and guild settings WHEN the store is closed and reopened on the same url THEN they are still there", async () => {
    const { store, url, prefix } = await open();
    await store.settings.updateChannel("c1", { model: "claude", updatedBy: "u1", updatedAt: "2025-03-01T00:00:00.000Z" });
    await store.settings.updateGuild("g1", { systemPrompt: "Be brief." });
    await store.close();
    opened.pop();

    const { store: reopened } = await open(url, prefix);
    expect(await reopened.settings.getChannel("c1")).toEqual({ model: "claude", updatedBy: "u1", updatedAt: "2025-03-01T00:00:00.000Z" });
    expect(await reopened.settings.getGuild("g1")).toEqual({ systemPrompt: "Be brief." });
    expect(await reopened.settings.getChannel("g1")).toBeUndefined();
    expect(await reopened.settings.getGuild("c1")).toBeUndefined();
  });

  it("GIVEN stored settings WHEN a patch sets one field and clears another THEN the rest is kept", async () => {
    const { store } = await open();
    await store.settings.updateChannel("c1", { model: "claude", systemPrompt: "Be brief.", temperature: 0.5 });
    const updated = await store.settings.updateChannel("c1", { model: "nova-lite", systemPrompt: undefined });
    expect(updated).toEqual({ model: "nova-lite", temperature: 0.5 });
    expect(await store.settings.getChannel("c1")).toEqual({ model: "nova-lite", temperature: 0.5 });
  });

  it("GIVEN many updates of one channel at once WHEN they all finish THEN none was lost", async () => {
    const { store } = await open();
    await Promise.all([
      store.settings.updateChannel("c1", { model: "claude" }),
      store.settings.updateChannel("c1", { systemPrompt: "Be brief." }),
      store.settings.updateChannel("c1", { temperature: 0.2 }),
      store.settings.updateChannel("c1", { maxTokens: 100 }),
    ]);
    expect(await store.settings.getChannel("c1")).toEqual({ model: "claude", systemPrompt: "Be brief.", temperature: 0.2, maxTokens: 100 });
  });

  it("GIVEN records of two guilds, a DM and two days WHEN listed by window, guild and user THEN exactly the matching ones, oldest first", async () => {
    const { store } = await open();
    const early = usage({ at: "2025-02-28T23:59:59.000Z", userId: "u1" });
    const late = usage({ at: "2025-03-01T08:00:00.000Z", userId: "u2", model: "claude" });
    const otherGuild = usage({ at: "2025-03-01T09:00:00.000Z", guildId: "g2" });
    const dm = usage({ at: "2025-03-01T10:00:00.000Z", guildId: undefined, channelId: "dm1" });
    for (const entry of [dm, late, otherGuild, early]) await store.usage.record(entry);

    expect(await store.usage.list({ since: new Date(0) })).toEqual([early, late, otherGuild, dm]);
    expect(await store.usage.list({ since: new Date("2025-03-01T00:00:00.000Z") })).toEqual([late, otherGuild, dm]);
    expect(await store.usage.list({ since: new Date(0), guildId: "g1" })).toEqual([early, late]);
    expect(await store.usage.list({ since: new Date(0), userId: "u1" })).toEqual([early, otherGuild, dm]);
    expect(await store.usage.list({ since: new Date(0), guildId: "g1", userId: "u2" })).toEqual([late]);
  });

  it("GIVEN records recorded together WHEN asking what a guild spent THEN the UTC day's total, kept apart per guild and day", async () => {
    const { store } = await open();
    await Promise.all([
      store.usage.record(usage({ at: "2025-03-01T00:00:00.000Z", costUsd: 0.5 })),
      store.usage.record(usage({ at: "2025-03-01T12:00:00.000Z", costUsd: 0.25 })),
      store.usage.record(usage({ at: "2025-03-01T23:59:59.999Z", costUsd: 0.125 })),
      store.usage.record(usage({ at: "2025-02-28T23:59:59.999Z", costUsd: 8 })),
      store.usage.record(usage({ at: "2025-03-01T12:00:00.000Z", guildId: "g2", costUsd: 4 })),
      store.usage.record(usage({ at: "2025-03-01T12:00:00.000Z", guildId: undefined, costUsd: 2 })),
    ]);
    expect(await store.usage.spentToday("g1", new Date("2025-03-01T18:00:00.000Z"))).toBe(0.875);
    expect(await store.usage.spentToday("g1", new Date("2025-02-28T01:00:00.000Z"))).toBe(8);
    expect(await store.usage.spentToday("g2", new Date("2025-03-01T01:00:00.000Z"))).toBe(4);
    expect(await store.usage.spentToday("g1", new Date("2025-03-02T00:00:00.000Z"))).toBe(0);
    expect(await store.usage.list({ since: new Date(0) })).toHaveLength(6);
  });

  it("GIVEN a record whose time is no date WHEN recorded THEN a clear error", async () => {
    const { store } = await open();
    await expect(store.usage.record(usage({ at: "yesterday" }))).rejects.toThrow(/"yesterday" is not a date/);
  });
});
