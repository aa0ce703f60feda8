/**
 * `UsageRepository` on keyv, in two namespaces:
 *
 * - `usage`: one key per record, `<ISO time>:<uuid>`, so keys sort by time and never collide. `list` scans the whole
 *   namespace and filters: one pass over every record ever kept (a few MB per 10,000 records), fine for a bot with
 *   tens of thousands of calls; past that, records should be pruned or moved to a real database.
 * - `usage-daily`: the USD a guild spent on a UTC day, under `<guildId>:<YYYY-MM-DD>`, added to on every `record`, so
 *   the spend cap asked before each request (`spentToday`) is one read, whatever the history.
 *
 * The record is written before the counter: a crash between the two under-counts one call for the cap, never loses
 * it from `/usage`. Increments are ordered within a process; two instances on one redis recording for the same guild
 * at the same moment may lose one increment (the records stay exact).
 */
import { randomUUID } from "node:crypto";
import type { UsageRecord, UsageRepository } from "./chat-settings.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import { createRunPerKey } from "./run-per-key.ts";

export const USAGE_NAMESPACE = "usage";
export const USAGE_DAILY_NAMESPACE = "usage-daily";

export interface KeyvUsageStores {
  records: KeyvRepository<UsageRecord>;
  /** USD per guild and UTC day. */
  dailySpend: KeyvRepository<number>;
}

export class KeyvUsageRepository implements UsageRepository {
  readonly #records: KeyvRepository<UsageRecord>;
  readonly #dailySpend: KeyvRepository<number>;
  readonly #newId: () => string;
  readonly #runPerKey = createRunPerKey();

  /** @param newId record key suffix; random by default. */
  constructor(stores: KeyvUsageStores, newId: () => string = randomUUID) {
    this.#records = stores.records;
    this.#dailySpend = stores.dailySpend;
    this.#newId = newId;
  }

  async record(entry: UsageRecord): Promise<void> {
    const at = new Date(entry.at);
    if (Number.isNaN(at.getTime())) throw new Error(`usage: record time "${entry.at}" is not a date`);
    await this.#records.put(`${at.toISOString()}:${this.#newId()}`, entry);
    const { guildId } = entry;
    if (guildId === undefined || entry.costUsd === 0) return;
    const key = dailySpendKey(guildId, at);
    await this.#runPerKey(key, async () => {
      await this.#dailySpend.put(key, ((await this.#dailySpend.get(key)) ?? 0) + entry.costUsd);
    });
  }

  /** Oldest first. */
  async list(filter: { since: Date; guildId?: string; userId?: string }): Promise<UsageRecord[]> {
    const since = filter.since.getTime();
    return (await this.#records.all())
      .filter((entry) => Date.parse(entry.at) >= since)
      .filter((entry) => filter.guildId === undefined || entry.guildId === filter.guildId)
      .filter((entry) => filter.userId === undefined || entry.userId === filter.userId)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  async spentToday(guildId: string, now: Date): Promise<number> {
    return (await this.#dailySpend.get(dailySpendKey(guildId, now))) ?? 0;
  }
}

/** `<guildId>:<YYYY-MM-DD>` of the UTC day of `at`: the day the spend cap counts in. */
function dailySpendKey(guildId: string, at: Date): string {
  return `${guildId}:${at.toISOString().slice(0, 10)}`;
}
