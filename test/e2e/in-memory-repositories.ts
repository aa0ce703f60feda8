/**
 * In-memory `ChatSettingsRepository` and `UsageRepository` for e2e tests, with the same contracts as the keyv ones
 * (`src/store/keyv-*-repository.ts`): a patch field set to `undefined` clears it; `spentToday` sums the UTC day.
 * `recordingUsage` wraps a real one so tests can still read `records`.
 */
import type { ChatSettings, ChatSettingsRepository, UsageRecord, UsageRepository } from "../../src/store/chat-settings.ts";

export function createInMemorySettings(): ChatSettingsRepository {
  const channels = new Map<string, ChatSettings>();
  const guilds = new Map<string, ChatSettings>();
  const update = (map: Map<string, ChatSettings>, id: string, patch: ChatSettings): ChatSettings => {
    const merged: ChatSettings = { ...map.get(id), ...patch };
    for (const key of Object.keys(merged) as (keyof ChatSettings)[]) if (merged[key] === undefined) delete merged[key];
    map.set(id, merged);
    return merged;
  };
  return {
    getChannel: (id) => Promise.resolve(channels.get(id)),
    getGuild: (id) => Promise.resolve(guilds.get(id)),
    updateChannel: (id, patch) => Promise.resolve(update(channels, id, patch)),
    updateGuild: (id, patch) => Promise.resolve(update(guilds, id, patch)),
  };
}

export interface InMemoryUsage extends UsageRepository {
  /** Everything recorded, in order. */
  readonly records: UsageRecord[];
}

export function createInMemoryUsage(): InMemoryUsage {
  const records: UsageRecord[] = [];
  const ids = new Set<string>();
  return {
    records,
    record(entry) {
      records.push(entry);
      return Promise.resolve();
    },
    recordOnce(id, entry) {
      if (ids.has(id)) return Promise.resolve(false);
      ids.add(id);
      records.push(entry);
      return Promise.resolve(true);
    },
    list({ since, guildId, userId }) {
      return Promise.resolve(
        records.filter(
          (entry) => Date.parse(entry.at) >= since.getTime() && (guildId === undefined || entry.guildId === guildId) && (userId === undefined || entry.userId === userId),
        ),
      );
    },
    spentToday(guildId, now) {
      const day = now.toISOString().slice(0, 10);
      const spent = records.filter((entry) => entry.guildId === guildId && entry.at.slice(0, 10) === day).reduce((sum, entry) => sum + entry.costUsd, 0);
      return Promise.resolve(spent);
    },
  };
}

/** `inner` (a real store), plus the in-memory list of what was recorded through it, for assertions. */
export function recordingUsage(inner: UsageRepository): InMemoryUsage {
  const records: UsageRecord[] = [];
  return {
    records,
    async record(entry) {
      await inner.record(entry);
      records.push(entry);
    },
    async recordOnce(id, entry) {
      const added = await inner.recordOnce(id, entry);
      if (added) records.push(entry);
      return added;
    },
    list: (filter) => inner.list(filter),
    spentToday: (guildId, now) => inner.spentToday(guildId, now),
  };
}
