/**
 * The e2e rig for `/batch`: s3rver (the batch bucket), the fake Bedrock (runtime + batch control plane on that
 * s3rver), the fake Discord, a config pointing at all three with a sqlite store in a temp folder, and bots — real
 * discord.js clients with the plugin attached. `startBot()` may be called again after `stop()` of the first: a
 * restarted bot (new client, new stores) on the same sqlite file. The watcher never schedules itself unless a test
 * asks for real timers (`watcher: {}`): tests move the fake Bedrock's clock and call `poll()`.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, Events, Partials } from "discord.js";
import { BedrockClientPool } from "../../../src/bedrock/index.ts";
import { attachBedrock, type BedrockPluginHandle } from "../../../src/bot/attach-bedrock.ts";
import { openBatchRuntime } from "../../../src/bot/batch/batch-runtime.ts";
import type { BatchWatcherOptions } from "../../../src/bot/batch/batch-watcher.ts";
import type { BatchRuntime } from "../../../src/bot/batch/batch-runtime-types.ts";
import type { BotContext } from "../../../src/bot/bot-context.ts";
import { commandDefinitions } from "../../../src/bot/commands/command-definitions.ts";
import { parseConfig, type LoadedConfig } from "../../../src/config/index.ts";
import type { UsageRepository } from "../../../src/store/chat-settings.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { batchConfigText, BUCKET } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../../fakes/discord/index.ts";
import { startS3rver, type RunningS3rver } from "../../fakes/s3/start-s3rver.ts";
import { observeUsage, type BotObserver } from "../../../src/bot/bot-observer.ts";
import { DEFAULT_TEST_INTENTS, seededIds } from "../bot-harness.ts";
import { createInMemorySettings, createInMemoryUsage } from "../in-memory-repositories.ts";
import { deleteRedisKeys } from "../redis-keys.ts";

export interface BatchBot {
  client: Client<true>;
  plugin: BedrockPluginHandle;
  runtime: BatchRuntime;
  /** The bot context's usage log (the in-memory one unless `startBot` was given one). */
  usage: UsageRepository;
  /** One watcher cycle (poll Bedrock, edit status messages, post notices). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

export interface BatchBotKit {
  discord: FakeDiscord;
  bedrock: FakeBedrock;
  s3rver: RunningS3rver;
  config: LoadedConfig;
  dir: string;
  /** Put before every store namespace: a fresh one per kit on redis, "" on the kit's own sqlite file. */
  storePrefix: string;
  ids: { guild: string; general: string; random: string; alice: string; bob: string; bot: string };
  startBot(options?: BatchBotOptions): Promise<BatchBot>;
  /** Stops every bot still running, closes the fakes; fails on fake-Discord violations. */
  close(): Promise<void>;
}

export interface BatchBotKitOptions {
  /** Lines added to `[batch]` (e.g. `confirm = false`). */
  batch?: string;
  /**
   * `[storage] url`; default a sqlite file in the kit's temp folder. On redis the kit's keys live under a prefix of
   * its own (`storePrefix`), so a suite running beside this one is never seen, and `close()` deletes them.
   */
  storageUrl?: string;
  discord?: FakeDiscordOptions;
  /** Lines added to `[bot]` (e.g. `daily_spend_cap_usd = 1`). */
  bot?: string;
}

export interface BatchBotOptions {
  uploadLimitBytes?: number;
  /** The bot's clock (default the real one), for deadlines the fake Bedrock's clock does not reach. */
  now?: () => Date;
  /** A usage log to keep across restarts (e.g. `openBotStore(...).usage`); default a fresh in-memory one. */
  usage?: UsageRepository;
  /** Told of usage, poll cycles and notices (metrics tests). */
  observer?: BotObserver;
  /** The watcher's options; default a scheduler that never runs anything (the test calls `poll()`). `{}`: real timers. */
  watcher?: BatchWatcherOptions;
}

export async function startBatchBotKit(options: BatchBotKitOptions = {}): Promise<BatchBotKit> {
  const redisUrl = options.storageUrl?.startsWith("redis") === true ? options.storageUrl : undefined;
  const store = redisUrl === undefined ? undefined : { url: redisUrl, prefix: `batch-e2e-${randomUUID()}:` };
  const s3rver = await startS3rver({ buckets: [BUCKET] });
  const bedrock = await startFakeBedrock({ s3: { endpoint: s3rver.endpoint } });
  // Restarts here take seconds; Discord's 5 s IDENTIFY window is the gateway tests' subject, not these.
  const discord = await startFakeDiscord({ identifyWindowMs: 0, ...options.discord });
  const dir = await mkdtemp(join(tmpdir(), "batch-bot-"));
  const toml = `${batchConfigText(bedrock.url, s3rver.endpoint, options.storageUrl ?? `sqlite://${join(dir, "bot.sqlite")}`, options.batch ?? "")}
[bot]
cdn_hosts = ["${discord.cdnHost}"]
rate_limit_per_minute = 0
${options.bot ?? ""}
`;
  const config = parseConfig(toml, "batch-e2e.toml", {});
  const bots = new Set<BatchBot>();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? "silent" });

  const startBot = async ({ usage = createInMemoryUsage(), observer, watcher = { schedule: () => () => undefined }, ...botOptions }: BatchBotOptions = {}): Promise<BatchBot> => {
    const clients = new BedrockClientPool(config.providers);
    const runtime = openBatchRuntime(config, clients, { workDir: join(dir, "work"), ...(store === undefined ? {} : { store }), ...botOptions });
    const context: BotContext = {
      config,
      clients,
      settings: createInMemorySettings(),
      usage: observeUsage(usage, observer),
      logger,
      now: botOptions.now ?? (() => new Date()),
      fetch: globalThis.fetch,
      batch: runtime,
      ...(observer === undefined ? {} : { observer }),
    };
    const client = new Client({ intents: DEFAULT_TEST_INTENTS, partials: [Partials.Channel], rest: { api: discord.restUrl } });
    const plugin = await attachBedrock(client, context, { batchWatcher: watcher });
    const ready = once(client, Events.ClientReady);
    await client.login(discord.botToken);
    await ready;
    await (client as Client<true>).application.commands.set(commandDefinitions());
    const bot: BatchBot = {
      client: client as Client<true>,
      plugin,
      runtime,
      usage,
      poll: async () => {
        const watcher = plugin.batchWatcher;
        if (watcher === undefined) throw new Error("the batch watcher did not start");
        await watcher.poll();
      },
      stop: async () => {
        bots.delete(bot);
        try {
          await plugin.detach();
          await client.destroy();
        } finally {
          await runtime.close();
          clients.destroy();
        }
      },
    };
    bots.add(bot);
    return bot;
  };

  return {
    discord,
    bedrock,
    s3rver,
    config,
    dir,
    storePrefix: store?.prefix ?? "",
    ids: seededIds(discord),
    startBot,
    close: async () => {
      try {
        for (const bot of [...bots]) await bot.stop();
      } finally {
        await discord.close();
        await bedrock.close();
        await s3rver.close();
        await rm(dir, { recursive: true, force: true });
        if (store !== undefined) await deleteRedisKeys(`${store.prefix}*`, store.url);
      }
      discord.assertNoViolations();
    },
  };
}
