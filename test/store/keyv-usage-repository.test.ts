/** `recordOnce` on the sqlite store: a record under a caller's id is kept, and counted toward the day, once. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { UsageRecord } from "../../src/store/chat-settings.ts";
import { openBotStore, type BotStore } from "../../src/store/open-bot-store.ts";

const NOON = new Date("2025-03-01T12:00:00.000Z");

function batchUsage(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return { at: "2025-03-01T09:00:00.000Z", kind: "batch", userId: "u1", guildId: "g1", channelId: "c1", model: "nova-lite", inputTokens: 4000, outputTokens: 900, costUsd: 0.5, ...overrides };
}

const opened: BotStore[] = [];
async function openStore(url?: string): Promise<{ store: BotStore; url: string }> {
  const where = url ?? `sqlite://${join(await mkdtemp(join(tmpdir(), "usage-once-")), "bot.sqlite")}`;
  const store = openBotStore(where);
  opened.push(store);
  return { store, url: where };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe("KeyvUsageRepository.recordOnce", () => {
  it("GIVEN a record made under an id WHEN the same id is recorded again THEN it is kept once and counted once toward the day", async () => {
    const { store } = await openStore();
    expect(await store.usage.recordOnce("bdb-1", batchUsage())).toBe(true);
    expect(await store.usage.recordOnce("bdb-1", batchUsage())).toBe(false);
    // A second attempt that collected other numbers (results re-read) still changes nothing: the first one stands.
    expect(await store.usage.recordOnce("bdb-1", batchUsage({ costUsd: 9 }))).toBe(false);

    expect(await store.usage.list({ since: new Date(0) })).toEqual([batchUsage()]);
    expect(await store.usage.spentToday("g1", NOON)).toBe(0.5);
  });

  it("GIVEN the same id recorded by several tasks at once WHEN they finish THEN one record, counted once", async () => {
    const { store } = await openStore();
    const results = await Promise.all([1, 2, 3, 4].map(() => store.usage.recordOnce("bdb-1/c7f3a9", batchUsage())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.usage.list({ since: new Date(0) })).toHaveLength(1);
    expect(await store.usage.spentToday("g1", NOON)).toBe(0.5);
  });

  it("GIVEN a record made under an id WHEN the store is reopened (a restarted bot) and the id recorded again THEN nothing is added", async () => {
    const { store, url } = await openStore();
    await store.usage.recordOnce("bdb-1", batchUsage());
    await store.close();
    opened.splice(opened.indexOf(store), 1);

    const { store: reopened } = await openStore(url);
    expect(await reopened.usage.recordOnce("bdb-1", batchUsage())).toBe(false);
    expect(await reopened.usage.list({ since: new Date(0) })).toEqual([batchUsage()]);
    expect(await reopened.usage.spentToday("g1", NOON)).toBe(0.5);
  });

  it("GIVEN chat records and records under two ids WHEN listed THEN all of them, oldest first, and the day's spend is their sum", async () => {
    const { store } = await openStore();
    const share1 = batchUsage({ at: "2025-03-01T11:00:00.000Z", userId: "u1", costUsd: 0.25 });
    const share2 = batchUsage({ at: "2025-03-01T11:30:00.000Z", userId: "u2", costUsd: 0.125 });
    const chat = batchUsage({ at: "2025-03-01T10:00:00.000Z", kind: "chat", costUsd: 1 });
    await store.usage.recordOnce("bdb-1/aa", share1);
    await store.usage.record(chat);
    await store.usage.recordOnce("bdb-1/bb", share2);
    await store.usage.record(chat);

    expect(await store.usage.list({ since: new Date(0) })).toEqual([chat, chat, share1, share2]);
    expect(await store.usage.spentToday("g1", NOON)).toBe(2.375);
  });

  it("GIVEN a record whose time is no date WHEN recorded under an id THEN a clear error, and the id stays free", async () => {
    const { store } = await openStore();
    await expect(store.usage.recordOnce("bdb-1", batchUsage({ at: "yesterday" }))).rejects.toThrow(/"yesterday" is not a date/);
    expect(await store.usage.recordOnce("bdb-1", batchUsage())).toBe(true);
  });
});
