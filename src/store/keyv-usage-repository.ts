/**
 * `UsageRepository` on keyv, in two namespaces:
 *
 * - `usage`: one key per record, `<ISO time>:<uuid>`, so keys sort by time and never collide; a record made with
 *   `recordOnce` is kept under `once:<id>` instead, so the same id finds the same key. `list` scans the whole
 *   namespace and filters: one pass over every record ever kept (a few MB per 10,000 records), fine for a bot with
 *   tens of thousands of calls; past that, records should be pruned or moved to a real database.
 * - `usage-daily`: the USD a guild spent on a UTC day, under `<guildId>:<YYYY-MM-DD>`, added to on every `record`
 *   through an atomic counter (`spend-counter.ts`: several instances never lose an addition), so the spend cap asked
 *   before each request (`spentToday`) is one read, whatever the history. A day's counter expires two days after its
 *   first addition: only today's is ever read.
 *
 * The record is written before the counter: a crash between the two under-counts one call for the cap, never loses
 * it from `/usage` (for `recordOnce` too: a retry finds the record and leaves the counter alone).
 */
import { randomUUID } from "node:crypto";
import type { UsageRecord, UsageRepository } from "./chat-settings.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import type { SpendCounter } from "./spend-counter.ts";
import { createRunPerKey } from "./run-per-key.ts";

export const USAGE_NAMESPACE = "usage";
export const USAGE_DAILY_NAMESPACE = "usage-daily";

export interface KeyvUsageStores {
  records: KeyvRepository<UsageRecord>;
  /** USD per guild and UTC day. */
  dailySpend: Pick<SpendCounter, "add" | "get">;
}

/** How long a day's counter is kept after its first addition: the whole UTC day, whenever in it that was. */
const DAILY_COUNTER_TTL_MS = 2 * 24 * 60 * 60 * 1000;

export class KeyvUsageRepository implements UsageRepository {
  readonly #records: KeyvRepository<UsageRecord>;
  readonly #dailySpend: KeyvUsageStores["dailySpend"];
  readonly #newId: () => string;
  readonly #runPerKey = createRunPerKey();

  /** @param newId record key suffix; random by default. */
  constructor(stores: KeyvUsageStores, newId: () => string = randomUUID) {
    this.#records = stores.records;
    this.#dailySpend = stores.dailySpend;
    this.#newId = newId;
  }

  async record(entry: UsageRecord): Promise<void> {
    await this.#write(`${timeOf(entry).toISOString()}:${this.#newId()}`, entry);
  }

  async recordOnce(id: string, entry: UsageRecord): Promise<boolean> {
    const key = `once:${id}`;
    return this.#runPerKey(key, async () => {
      if ((await this.#records.get(key)) !== undefined) return false;
      await this.#write(key, entry);
      return true;
    });
  }

  /** The record, then the guild's counter of its day. */
  async #write(recordKey: string, entry: UsageRecord): Promise<void> {
    const at = timeOf(entry);
    await this.#records.put(recordKey, entry);
    const { guildId } = entry;
    if (guildId === undefined || entry.costUsd === 0) return;
    await this.#dailySpend.add(dailySpendKey(guildId, at), entry.costUsd, DAILY_COUNTER_TTL_MS);
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
    return this.#dailySpend.get(dailySpendKey(guildId, now));
  }
}

function timeOf(entry: UsageRecord): Date {
  const at = new Date(entry.at);
  if (Number.isNaN(at.getTime())) throw new Error(`usage: record time "${entry.at}" is not a date`);
  return at;
}

/** `<guildId>:<YYYY-MM-DD>` of the UTC day of `at`: the day the spend cap counts in. */
function dailySpendKey(guildId: string, at: Date): string {
  return `${guildId}:${at.toISOString().slice(0, 10)}`;
}
