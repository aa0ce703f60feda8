/**
 * The plugin as a host bot uses it: `createBedrockPlugin(options)` loads the config and says which commands it will
 * answer; `attach(client)` opens the store and the Bedrock clients and listens on the host's own `Client`;
 * `detach()` removes the listeners, ends answers in flight and closes what `attach` opened. The host keeps its
 * client, intents, login, command deploy and its own listeners; the plugin only answers its own commands (see
 * `commands`) and buttons (custom ids starting `bdb:` and `bdbatch:`).
 *
 * ```ts
 * const bedrock = await createBedrockPlugin({ config: "config/model_config.toml" });
 * await bedrock.attach(client);
 * await client.application.commands.create(...) // or your own deploy of `bedrock.commands`
 * ```
 *
 * One plugin per `Client`: two on the same client would both answer every mention.
 */
import { configuredStore } from "../config/configured-store.ts";
import type { Client, RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { Tool } from "../bedrock/tools/tool-registry.ts";
import { BedrockClientPool } from "../bedrock/clients/bedrock-client-pool.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { configSecrets } from "../config/config-secrets.ts";
import { loadConfig } from "../config/load-config.ts";
import type { LoadedConfig } from "../config/parse-config.ts";
import type { Env } from "../config/resolve-env-references.ts";
import { createLogger, type Logger } from "../create-logger.ts";
import { openBotStore } from "../store/open-bot-store.ts";
import { toStoreLocation, type StoreLocation } from "../store/store-location.ts";
import { attachBedrock, type BedrockPluginHandle } from "./attach-bedrock.ts";
import { batchConfigured, openBatchRuntime } from "./batch/batch-runtime.ts";
import { commandDefinitions } from "./commands/command-definitions.ts";
import { observeUsage, type BotObserver } from "./bot-observer.ts";
import { ALL_FEATURES, commandNamesOf, type BedrockFeatures } from "./plugin-features.ts";

export interface BedrockPluginOptions {
  /** A TOML config file (read and validated; `${VAR}` references filled from `env`), or a config from `loadConfig`. */
  config: string | LoadedConfig;
  /** Environment for `${VAR}` references when `config` is a path. Default `process.env`. */
  env?: Env;
  /**
   * Where settings, usage and `/batch` state live: `sqlite://path` (needs the optional `@keyv/sqlite` package) or
   * `redis://host:port`, with an optional key prefix so several bots can share one redis. Default `[storage] url`.
   */
  store?: string | StoreLocation;
  /** A pino logger (yours, or a child of it). Default: JSON lines on stderr at `LOG_LEVEL`, else "info". */
  logger?: Logger;
  /** Parts to run; each defaults to on, except `batch`, which is on only when the config has `[batch] bucket`. */
  features?: Partial<BedrockFeatures>;
  /** Tools the models may call besides the built-ins (`defineTool` from `bedrock-discord-bot/bedrock`). */
  tools?: readonly Tool[];
  /** Told of chat turns, usage, batch poll cycles and notices: what the standalone bot's `/metrics` count. */
  observer?: BotObserver;
}

export interface BedrockPlugin {
  /** The validated config in use. */
  readonly config: LoadedConfig;
  /** The parts that run. */
  readonly features: Readonly<BedrockFeatures>;
  /** Slash command and message-menu JSON of the enabled features, for the host's own deploy. */
  readonly commands: RESTPostAPIApplicationCommandsJSONBody[];
  /** Listens on `client` (logged in or not); opens the store and the Bedrock clients. Once at a time. */
  attach(client: Client): Promise<void>;
  /** Removes the listeners, ends answers in flight ("Stopped"), closes the store and clients. Safe to call twice. */
  detach(): Promise<void>;
  /** Whether the store answers a read (readiness probes); false while detached. */
  storeReachable(): Promise<boolean>;
}

export async function createBedrockPlugin(options: BedrockPluginOptions): Promise<BedrockPlugin> {
  const config = typeof options.config === "string" ? await loadConfig(options.config, options.env) : options.config;
  const features = resolveFeatures(config, options.features);
  const ours = commandNamesOf(features);
  const commands = commandDefinitions().filter((command) => ours.has(command.name));
  const logger = options.logger ?? createLogger({ secrets: configSecrets(config) });
  const store = toStoreLocation(options.store ?? configuredStore(config));
  let attached: { handle: BedrockPluginHandle; close(): Promise<void>; probe(): Promise<unknown> } | undefined;
  let detaching: Promise<void> | undefined;

  return {
    config,
    features,
    commands,
    async attach(client) {
      if (attached !== undefined) throw new Error("this Bedrock plugin is already attached; detach() it first");
      await detaching;
      attached = await open(client, { config, features, logger, store, tools: options.tools ?? [], ...(options.observer === undefined ? {} : { observer: options.observer }) });
    },
    async storeReachable() {
      const current = attached;
      if (current === undefined) return false;
      return current.probe().then(
        () => true,
        () => false,
      );
    },
    detach() {
      const current = attached;
      if (current === undefined) return detaching ?? Promise.resolve();
      attached = undefined;
      detaching = (async () => {
        try {
          await current.handle.detach();
        } finally {
          await current.close();
        }
      })();
      return detaching;
    },
  };
}

function resolveFeatures(config: LoadedConfig, chosen: Partial<BedrockFeatures> = {}): BedrockFeatures {
  const features = { ...ALL_FEATURES, batch: batchConfigured(config), ...chosen };
  if (features.batch && !batchConfigured(config)) {
    throw new UserFacingError(`features.batch needs a bucket for batch inputs and outputs: set [batch] bucket in ${config.path}.`);
  }
  return features;
}

interface OpenOptions {
  config: LoadedConfig;
  features: BedrockFeatures;
  logger: Logger;
  store: StoreLocation;
  tools: readonly Tool[];
  observer?: BotObserver;
}

/** What one attachment opens: the store, the Bedrock clients, the batch runtime (with batch on), the listeners. */
async function open(client: Client, { config, features, logger, store, tools, observer }: OpenOptions) {
  const botStore = openBotStore(store.url, { namespacePrefix: store.prefix ?? "" });
  const clients = new BedrockClientPool(config.providers);
  const batch = features.batch ? openBatchRuntime(config, clients, { store }) : undefined;
  const close = async () => {
    try {
      await Promise.all([botStore.close(), batch?.close()]);
    } finally {
      clients.destroy();
    }
  };
  try {
    const handle = await attachBedrock(
      client,
      {
        config,
        clients,
        settings: botStore.settings,
        usage: observeUsage(botStore.usage, observer),
        finishedRuns: botStore.finishedRuns,
        store,
        logger,
        now: () => new Date(),
        fetch: globalThis.fetch,
        ...(batch === undefined ? {} : { batch }),
        ...(observer === undefined ? {} : { observer }),
      },
      { features, tools },
    );
    // Any read proves the store answers; a channel id no Discord channel has keeps it cheap.
    const probe = () => botStore.settings.getChannel("readiness-probe");
    return { handle, close, probe };
  } catch (error) {
    await close();
    throw error;
  }
}
