/**
 * The e2e rig for the Discord side: a fake Discord and a fake Bedrock, a config pointing at both (parsed from TOML
 * like a real file), a `BotContext` around them, and a real discord.js `Client` logged in to the fake with the plugin
 * attached. Tests then act as users (`discord.userSays`, `clickButton`, `runCommand`) and script the model
 * (`bedrock.script`, `fail`, `setPace`).
 *
 * ```ts
 * const h = await startBotHarness({ bot: { rate_limit_per_minute: 0 } });
 * h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "hi", mentionsBot: true });
 * await h.discord.waitForMessage({ where: (m) => m.content.includes("echo") });
 * await h.stop(); // also fails the test if the bot did something real Discord would reject
 * ```
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { stringify } from "smol-toml";
import { BedrockClientPool } from "../../src/bedrock/index.ts";
import { attachBedrock, type AttachBedrockOptions, type BedrockPluginHandle } from "../../src/bot/attach-bedrock.ts";
import type { BotContext } from "../../src/bot/bot-context.ts";
import { commandDefinitions } from "../../src/bot/commands/command-definitions.ts";
import { parseConfig } from "../../src/config/index.ts";
import { createLogger } from "../../src/create-logger.ts";
import type { ChatSettingsRepository } from "../../src/store/chat-settings.ts";
import { openBotStore } from "../../src/store/open-bot-store.ts";
import type { StoreLocation } from "../../src/store/store-location.ts";
import { startFakeBedrock, type FakeBedrock, type StartFakeBedrockOptions } from "../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../fakes/discord/index.ts";
import { deleteRedisKeys } from "./redis-keys.ts";
import { createInMemorySettings, createInMemoryUsage, recordingUsage, type InMemoryUsage } from "./in-memory-repositories.ts";

/** The config's models: the default one first. */
export const TEST_MODEL = { name: "test-model", id: "test.model-v1", priceIn: 3, priceOut: 15 } as const;
export const OTHER_MODEL = { name: "other-model", id: "test.other-v1", priceIn: 1, priceOut: 5 } as const;

export interface BotHarnessOptions {
  /**
   * `[bot]` keys over the harness's own (fast edits, the fake's CDN host, no rate limit); a function gets the started
   * fake Discord, for keys naming its ids (`deny_users: [discord.userId("bob")]`).
   */
  bot?: Record<string, unknown> | ((discord: FakeDiscord) => Record<string, unknown>);
  /** `[[tools]]` toggles. */
  tools?: { name: string; enabled: boolean }[];
  /** `[web_fetch]` keys. */
  webFetch?: Record<string, unknown>;
  /** `[[mcp_servers]]` entries; a function gets the started fake Discord, for keys naming its ids. */
  mcpServers?: Record<string, unknown>[] | ((discord: FakeDiscord) => Record<string, unknown>[]);
  /** `[[models]]` after TEST_MODEL and OTHER_MODEL, as TOML keys (`api_provider` is filled in). */
  models?: Record<string, unknown>[];
  /** `[[guardrails]]` entries; a function gets the started fake Discord, for `channels` / `servers` ids. */
  guardrails?: Record<string, unknown>[] | ((discord: FakeDiscord) => Record<string, unknown>[]);
  /** Keys over a test model's `[[models]]` entry, by model name (e.g. `citations`, another `model_identifier`). */
  modelKeys?: Record<string, Record<string, unknown>>;
  discord?: FakeDiscordOptions;
  bedrock?: StartFakeBedrockOptions;
  /** Gateway intents of the client; default Guilds, GuildMessages, MessageContent, DirectMessages. */
  intents?: GatewayIntentBits[];
  /**
   * Where settings and usage live: in memory (default), or the real keyv store on a temp sqlite file or the local
   * redis (a namespace of its own). Default from env BOT_E2E_STORE, so the whole suite can run on each back end.
   */
  store?: HarnessStore;
  /** Replaces parts of the context the harness builds (e.g. `now`, `settings`, `usage`). */
  context?: Partial<BotContext>;
  plugin?: AttachBedrockOptions;
}

export interface BotHarness {
  discord: FakeDiscord;
  bedrock: FakeBedrock;
  client: Client<true>;
  context: BotContext;
  /** The usage repository (unless `context.usage` replaced it); `records` is what this run metered, in order. */
  usage: InMemoryUsage;
  bot: BedrockPluginHandle;
  /** Seeded ids: guild, #general, #random, alice (admin, owner), bob, the bot. */
  ids: { guild: string; general: string; random: string; alice: string; bob: string; bot: string };
  /** Detaches the plugin, destroys the client and Bedrock clients, closes both fakes; then fails on fake-Discord violations. */
  stop(): Promise<void>;
}

type HarnessStore = "memory" | "sqlite" | "redis";

/** The local redis the store tests use too. */
const REDIS_URL = "redis://127.0.0.1:6379";

interface OpenedStore {
  /** Where it is (absent in memory): the plugin shares its rate limit and running answers there. */
  location?: StoreLocation;
  settings: ChatSettingsRepository;
  usage: InMemoryUsage;
  close(): Promise<void>;
}

function openHarnessStore(kind: HarnessStore): OpenedStore {
  if (kind === "memory") return { settings: createInMemorySettings(), usage: createInMemoryUsage(), close: () => Promise.resolve() };
  const dir = kind === "sqlite" ? mkdtempSync(join(tmpdir(), "bot-harness-")) : undefined;
  const location: StoreLocation = dir === undefined ? { url: REDIS_URL, prefix: `e2e-${randomUUID()}:` } : { url: `sqlite://${join(dir, "bot.sqlite")}` };
  const store = openBotStore(location.url, { namespacePrefix: location.prefix ?? "" });
  return {
    location,
    settings: store.settings,
    usage: recordingUsage(store.usage),
    async close() {
      await store.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      else await deleteRedisKeys(`${location.prefix}*`);
    },
  };
}

export const DEFAULT_TEST_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages];

/** The config TOML for fakes at these addresses. */
export function harnessConfigToml(
  bedrockUrl: string,
  cdnHost: string,
  options: {
    bot?: Record<string, unknown>;
    tools?: BotHarnessOptions["tools"];
    webFetch?: BotHarnessOptions["webFetch"];
    mcpServers?: Record<string, unknown>[];
    models?: BotHarnessOptions["models"];
    guardrails?: Record<string, unknown>[];
    modelKeys?: BotHarnessOptions["modelKeys"];
  } = {},
): string {
  const document = {
    api_providers: [
      {
        name: "fake",
        client_type: "bedrock",
        api_key: "AKIDFAKEFAKEFAKE",
        max_retry: 2,
        timeout: 10,
        retry_interval: 0.01,
        extra_params: { region: "us-east-1", aws_secret_key: "fake-secret", runtime_endpoint: bedrockUrl, control_endpoint: bedrockUrl },
      },
    ],
    models: [
      ...[TEST_MODEL, OTHER_MODEL].map((model) => ({
        name: model.name,
        model_identifier: model.id,
        api_provider: "fake",
        price_in: model.priceIn,
        price_out: model.priceOut,
        ...options.modelKeys?.[model.name],
      })),
      ...(options.models ?? []).map((model) => ({ api_provider: "fake", ...model })),
    ],
    bot: { cdn_hosts: [cdnHost], stream_edit_interval_ms: 200, rate_limit_per_minute: 0, ...options.bot },
    tools: options.tools ?? [],
    ...(options.webFetch === undefined ? {} : { web_fetch: options.webFetch }),
    mcp_servers: options.mcpServers ?? [],
    ...(options.guardrails === undefined ? {} : { guardrails: options.guardrails }),
  };
  return stringify(document);
}

/** The ids of the fake Discord's seeded guild, its #general and #random, alice, bob and the bot. */
export function seededIds(discord: FakeDiscord): BotHarness["ids"] {
  return {
    guild: discord.guildId(),
    general: discord.channelId("general"),
    random: discord.channelId("random"),
    alice: discord.userId("alice"),
    bob: discord.userId("bob"),
    bot: discord.botUser.id,
  };
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  // Tests here restart the bot in seconds; Discord's 5 s IDENTIFY window (test/fakes/discord/gateway-shards.test.ts
  // covers it) would only make each restart wait. A test may still ask for it through `discord`.
  const discord = await startFakeDiscord({ identifyWindowMs: 0, ...options.discord });
  const bedrock = await startFakeBedrock(options.bedrock);
  const botKeys = typeof options.bot === "function" ? options.bot(discord) : options.bot;
  const mcpServers = typeof options.mcpServers === "function" ? options.mcpServers(discord) : options.mcpServers;
  const guardrails = typeof options.guardrails === "function" ? options.guardrails(discord) : options.guardrails;
  const toml = harnessConfigToml(bedrock.url, discord.cdnHost, {
    ...(botKeys === undefined ? {} : { bot: botKeys }),
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    ...(options.webFetch === undefined ? {} : { webFetch: options.webFetch }),
    ...(mcpServers === undefined ? {} : { mcpServers }),
    ...(options.models === undefined ? {} : { models: options.models }),
    ...(guardrails === undefined ? {} : { guardrails }),
    ...(options.modelKeys === undefined ? {} : { modelKeys: options.modelKeys }),
  });
  const config = parseConfig(toml, "harness.toml", {});
  const store = openHarnessStore(options.store ?? harnessStoreFromEnv());
  const { usage } = store;
  const context: BotContext = {
    config,
    clients: new BedrockClientPool(config.providers),
    settings: store.settings,
    usage,
    ...(store.location === undefined ? {} : { store: store.location }),
    logger: createLogger({ level: process.env.LOG_LEVEL ?? "silent" }),
    now: () => new Date(),
    fetch: globalThis.fetch,
    ...options.context,
  };
  const client = new Client({
    intents: options.intents ?? DEFAULT_TEST_INTENTS,
    // DM channels are not cached until a DM arrives; discord.js needs this partial to emit DM messages.
    partials: [Partials.Channel],
    rest: { api: discord.restUrl },
  });
  const bot = await attachBedrock(client, context, options.plugin);
  const ready = once(client, Events.ClientReady);
  await client.login(discord.botToken);
  await ready;
  // The slash commands, as `bedrock-bot commands deploy` registers them (the fake only dispatches registered ones).
  await (client as Client<true>).application.commands.set(commandDefinitions());
  const ids = seededIds(discord);
  return {
    discord,
    bedrock,
    client: client as Client<true>,
    context,
    usage,
    bot,
    ids,
    async stop() {
      try {
        await bot.detach();
        await client.destroy();
      } finally {
        context.clients.destroy();
        await discord.close();
        await bedrock.close();
        await store.close();
      }
      discord.assertNoViolations();
    },
  };
}

function harnessStoreFromEnv(): HarnessStore {
  const value = process.env.BOT_E2E_STORE;
  if (value === undefined || value === "") return "memory";
  if (value === "memory" || value === "sqlite" || value === "redis") return value;
  throw new Error(`BOT_E2E_STORE=${value}: expected memory, sqlite or redis`);
}

/**
 * One harness for a test file: started before its tests, the fake Bedrock reset before each (scripts, faults and
 * recorded requests of one test do not leak into the next), stopped after the last. `use` receives it once started.
 */
export function useBotHarness(use: (harness: BotHarness) => void, options: BotHarnessOptions = {}): void {
  let harness: BotHarness | undefined;
  beforeAll(async () => {
    harness = await startBotHarness(options);
    use(harness);
  });
  beforeEach(() => harness?.bedrock.reset());
  afterAll(async () => {
    await harness?.stop();
  });
}
