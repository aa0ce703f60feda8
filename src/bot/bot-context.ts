/**
 * Everything the Discord side needs from the rest of the program, passed in once (no singletons: tests build their own).
 * `attachBedrock(client, context)` receives it; tests build one around the fakes.
 */
import type { BedrockClientPool } from "../bedrock/index.ts";
import type { SafeFetchDeps } from "../bedrock/tools/web/safe-fetch.ts";
import type { LoadedConfig } from "../config/index.ts";
import type { Logger } from "../create-logger.ts";
import type { BatchRuntime } from "./batch/batch-runtime-types.ts";
import type { ChatSettingsRepository, UsageRepository } from "../store/chat-settings.ts";
import type { FinishedChatRunRepository } from "../store/finished-chat-runs.ts";
import type { StoreLocation } from "../store/store-location.ts";
import type { BotObserver } from "./bot-observer.ts";

export interface BotContext {
  config: LoadedConfig;
  /** Bedrock clients per provider, shared by chat and /batch. */
  clients: BedrockClientPool;
  settings: ChatSettingsRepository;
  usage: UsageRepository;
  /** Finished answers' Retry / Show reasoning data across restarts; without it they live in memory only. */
  finishedRuns?: FinishedChatRunRepository;
  /**
   * Where the repositories above live: on redis, the rate limit and the registry of running answers are shared there
   * with every bot process on it (else kept in this process). Absent: in this plugin's memory only.
   */
  store?: StoreLocation;
  logger: Logger;
  /** Clock for prompts, spend caps and usage records (the rate limit counts on its store's clock). */
  now: () => Date;
  /** HTTP client for attachment downloads (CDN hosts are checked before it is called). */
  fetch: typeof fetch;
  /**
   * How `fetch_url` resolves names (default the system resolver). Tests give a stub resolver and the fetcher's
   * test-only allowance for their local "public" server; the config cannot set either.
   */
  webFetch?: SafeFetchDeps;
  /** `/batch` stores and clients; without it `/batch` answers that batch is not set up. */
  batch?: BatchRuntime;
  /** Told of chat turns, usage, poll cycles and notices (metrics); absent: nobody listens. */
  observer?: BotObserver;
}
