/**
 * The bot's settings and usage on `[storage] url` (sqlite:// or redis://), as the standalone bot and tests open them.
 * Four keyv namespaces and the daily spend counter, one connection each (see `openKeyv`). Batch runs and jobs have a store of their own
 * (`openBatchStore`) on the same url.
 */
import type { ChatSettingsRepository, UsageRecord, UsageRepository } from "./chat-settings.ts";
import { CHAT_SETTINGS_NAMESPACE } from "./keyv-chat-settings-repository.ts";
import { FINISHED_CHAT_RUNS_NAMESPACE, KeyvFinishedChatRunRepository, type FinishedChatRun, type FinishedChatRunRepository } from "./finished-chat-runs.ts";
import { KeyvRepository } from "./keyv-repository.ts";
import { KeyvUsageRepository, USAGE_DAILY_NAMESPACE, USAGE_NAMESPACE } from "./keyv-usage-repository.ts";
import { openChatSettingsRepository } from "./open-chat-settings.ts";
import { openKeyv } from "./open-keyv.ts";
import { openSpendCounter } from "./spend-counter.ts";

export interface BotStore {
  settings: ChatSettingsRepository;
  usage: UsageRepository;
  finishedRuns: FinishedChatRunRepository;
  /** Closes every connection; the repositories must not be used afterwards. */
  close(): Promise<void>;
}

export interface BotStoreOptions {
  /** Put before every namespace name: several bots (or tests) sharing one redis keep apart. Default none. */
  namespacePrefix?: string;
}

export function openBotStore(url: string, options: BotStoreOptions = {}): BotStore {
  const prefix = options.namespacePrefix ?? "";
  const settings = openChatSettingsRepository(url, prefix + CHAT_SETTINGS_NAMESPACE);
  const records = new KeyvRepository<UsageRecord>(openKeyv<UsageRecord>(url, prefix + USAGE_NAMESPACE));
  const dailySpend = openSpendCounter(url, prefix + USAGE_DAILY_NAMESPACE);
  const runs = new KeyvRepository<FinishedChatRun>(openKeyv<FinishedChatRun>(url, prefix + FINISHED_CHAT_RUNS_NAMESPACE));
  return {
    settings,
    usage: new KeyvUsageRepository({ records, dailySpend }),
    finishedRuns: new KeyvFinishedChatRunRepository(runs),
    close: async () => {
      await Promise.all([settings.close(), records.close(), dailySpend.close(), runs.close()]);
    },
  };
}
