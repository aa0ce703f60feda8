/**
 * Bot processes for multi-process e2e tests, in one test process: each one `createBedrockPlugin` on the SAME store
 * location (the local redis, one prefix), attached to its own discord.js `Client` that runs some shards of the fake
 * Discord. That is what several processes of one bot share (the store's redis) and what separates them (their own
 * connections, plugin state, gateway sessions and REST clients), without spawning the built CLI.
 *
 * ```ts
 * const store = { url: REDIS_URL, prefix: `e2e-multi-${randomUUID()}:` };
 * const a = await startPluginProcess(discord, { config, store, shards: [0], shardCount: 2 });
 * const b = await startPluginProcess(discord, { config, store, shards: [1], shardCount: 2 });
 * // ... then a.stop(), b.stop(), deleteRedisKeys(`${store.prefix}*`)
 * ```
 */
import { once } from "node:events";
import { Client, Events, Partials } from "discord.js";
import { createBedrockPlugin, type BedrockPlugin } from "../../../src/bot/create-bedrock-plugin.ts";
import type { LoadedConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import type { StoreLocation } from "../../../src/store/store-location.ts";
import type { FakeDiscord } from "../../fakes/discord/index.ts";
import { DEFAULT_TEST_INTENTS } from "../bot-harness.ts";

export interface PluginProcess {
  plugin: BedrockPlugin;
  client: Client<true>;
  /**
   * Drops this process's gateway sessions, as when its shards were handed to another process (a reshard or a rolling
   * deploy), while the plugin stays attached and its REST client keeps working: answers already streaming go on, and
   * nothing new reaches this process. discord.js has no public call for this (its `destroy()` also drops the REST
   * token), hence the cast to its WebSocketManager's own `destroy`.
   */
  leaveGateway(): Promise<void>;
  /** Detaches the plugin (closing its store connections) and destroys the client. */
  stop(): Promise<void>;
}

export interface PluginProcessOptions {
  config: LoadedConfig;
  store: StoreLocation;
  /** The shards this process runs, of `shardCount`; default the only one. */
  shards?: number[];
  shardCount?: number;
}

export async function startPluginProcess(discord: FakeDiscord, options: PluginProcessOptions): Promise<PluginProcess> {
  const plugin = await createBedrockPlugin({ config: options.config, store: options.store, logger: createLogger({ level: process.env.LOG_LEVEL ?? "silent" }) });
  const client = new Client({
    intents: DEFAULT_TEST_INTENTS,
    partials: [Partials.Channel],
    rest: { api: discord.restUrl },
    ...(options.shards === undefined ? {} : { shards: options.shards, shardCount: options.shardCount ?? options.shards.length }),
  });
  await plugin.attach(client);
  const ready = once(client, Events.ClientReady);
  await client.login(discord.botToken);
  await ready;
  let stopped: Promise<void> | undefined;
  return {
    plugin,
    client: client as Client<true>,
    async leaveGateway() {
      await (client.ws as unknown as { destroy(): Promise<void> }).destroy();
    },
    stop: () =>
      (stopped ??= (async () => {
        try {
          await plugin.detach();
        } finally {
          await client.destroy();
        }
      })()),
  };
}
