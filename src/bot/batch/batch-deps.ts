/**
 * What the `/batch` background work needs from the bot (the watcher's cycle, pool dispatches, notices, the
 * lifecycle's effects): the Discord client that posts, the batch runtime, the config, the logger and the usage log
 * where spend is recorded. A leaf module, so the modules that take it never import each other for its type.
 */
import type { Client } from "discord.js";
import type { LoadedConfig } from "../../config/index.ts";
import type { Logger } from "../../create-logger.ts";
import type { UsageRepository } from "../../store/chat-settings.ts";
import type { BatchRuntime } from "./batch-runtime.ts";

export interface BatchDeps {
  client: Client;
  runtime: BatchRuntime;
  config: LoadedConfig;
  logger: Logger;
  /** Where each ended job's spend is recorded (`recordNoticeSpend`), for `/usage` and the daily spend cap. */
  usage: UsageRepository;
}
