/**
 * The standalone bot: a discord.js `Client` of its own with the plugin attached (`createBedrockPlugin`, as any host
 * uses it; store on `[storage] url`) — what `bedrock-bot start` runs. `stop()` undoes it in order: the plugin
 * (answers in flight end marked stopped; store and Bedrock clients closed), then the Discord connection.
 *
 * Intents are the minimum: Guilds, GuildMessages, DirectMessages. The privileged MessageContent intent is asked for
 * only with DISCORD_MESSAGE_CONTENT=1 (it must also be enabled in the Developer Portal): without it the bot still
 * reads mentions of it, replies to it and DMs, but not other people's messages in reply chains, and in its threads
 * only messages that mention it. DISCORD_API_URL points the REST client (and through it the gateway) elsewhere.
 *
 * Shards: one Client per process, running all of the bot's shards or a slice (`--shards`, SHARDS, `[bot] shards`).
 * Before it connects the process claims its shards (`takeShards`: leases on redis, the store itself on sqlite) and
 * holds them while it runs; losing one closes the Discord connection at once and `leaseLost` says why.
 * docs/architecture.md, "Sharding and processes", has the whole picture.
 */
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, DiscordjsErrorCodes, type ClientOptions } from "discord.js";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { LoadedConfig } from "../config/parse-config.ts";
import type { Logger } from "../create-logger.ts";
import { configuredStore } from "../config/configured-store.ts";
import { createBedrockPlugin, type BedrockPlugin } from "./create-bedrock-plugin.ts";
import { resolveShardSelection, type ShardFlags } from "./shard-selection.ts";
import { takeShards, type TakenShards } from "./take-shards.ts";

export interface StartBotOptions {
  config: LoadedConfig;
  /** DISCORD_TOKEN, DISCORD_API_URL, DISCORD_MESSAGE_CONTENT. */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** `start --shards / --shard-count / --wait-for-shards`; they win over SHARDS / SHARD_COUNT and `[bot]`. */
  shardFlags?: ShardFlags;
}

export interface RunningBot {
  client: Client<true>;
  plugin: BedrockPlugin;
  /** The shards this process runs and the bot's total. */
  shards: readonly number[];
  shardCount: number;
  /**
   * Resolves, with a sentence, only if a lease (a shard, or the sqlite store) was lost while running: the Discord
   * connection is closed already; the caller stops the bot and ends the process with a non-zero code.
   */
  leaseLost: Promise<string>;
  /** `http://host:port` of /healthz, /readyz and /metrics when `[observability] listen` is set. */
  observabilityUrl?: string;
  /** Detaches the plugin, disconnects, closes the store and the Bedrock clients. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startBot({ config, env, logger, shardFlags }: StartBotOptions): Promise<RunningBot> {
  const token = env.DISCORD_TOKEN ?? "";
  if (token === "") throw new UserFacingError('DISCORD_TOKEN is not set: put it in .env or the environment (README "Discord setup").');
  const selection = resolveShardSelection({ ...(shardFlags === undefined ? {} : { flags: shardFlags }), env, config: config.data.bot });
  const messageContent = env.DISCORD_MESSAGE_CONTENT === "1" || env.DISCORD_MESSAGE_CONTENT === "true";
  if (!messageContent) {
    logger.info(
      "Message Content intent not requested (set DISCORD_MESSAGE_CONTENT=1 after enabling it in the Developer Portal): the bot reads mentions, replies to it and DMs; other people's messages in reply chains are left out, and in its threads it answers only when mentioned",
    );
  }
  const client = withoutShardEnv(() => new Client(clientOptions(messageContent, env.DISCORD_API_URL)));
  // Set before login so the shard plan can ask GET /gateway/bot through this very client (and DISCORD_API_URL).
  client.rest.setToken(token);
  let loseLease: (reason: string) => void = () => undefined;
  const leaseLost = new Promise<string>((resolve) => {
    loseLease = resolve;
  });
  const taken = await takeShards({
    selection,
    store: configuredStore(config),
    leaseSeconds: config.data.bot.lease_seconds,
    rest: client.rest,
    logger,
    onLost: (reason) => {
      // Never two holders: the connection closes now, before anything else, while someone may be claiming it.
      logger.error({ reason }, "lease lost; closing the Discord connection");
      void client.destroy();
      loseLease(reason);
    },
  });
  applyShardPlan(client, taken);
  let plugin: BedrockPlugin | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        await server?.close();
        await plugin?.detach();
      } finally {
        await client.destroy();
        // Only once disconnected: a successor may IDENTIFY the shards as soon as they are free.
        await taken.release();
      }
    })();
    return stopped;
  };
  try {
    const listen = config.data.observability.listen;
    // prom-client and the endpoints load only when asked for.
    const observability = listen === undefined ? undefined : (await import("../observability/start-observability.ts")).createObservability(listen);
    const attached = await createBedrockPlugin({ config, logger, ...(observability === undefined ? {} : { observer: observability.observer }) });
    plugin = attached;
    await attached.attach(client);
    server = await observability?.serve({
      client,
      storeReachable: () => attached.storeReachable(),
      ...(attached.features.batch ? { batchPollSeconds: config.data.batch.poll_interval_seconds } : {}),
    });
    if (server !== undefined) logger.info({ url: server.url }, "serving /healthz, /readyz and /metrics");
    await Promise.race([
      login(client, token),
      leaseLost.then((reason) => {
        throw new UserFacingError(reason);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const shards = [...(client.options.shards as readonly number[])];
  const shardCount = client.options.shardCount ?? shards.length;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards, shardCount }, "connected to Discord");
  return {
    client: client as Client<true>,
    plugin,
    shards,
    shardCount,
    leaseLost,
    stop,
    ...(server === undefined ? {} : { observabilityUrl: server.url }),
  };
}

/**
 * discord.js's Client reads SHARDS and SHARD_COUNT from the environment when built (how its ShardingManager hands a
 * child its shards, as JSON). Those variables are ours, read already (flags over env over config), in our syntax:
 * the Client is built without them.
 */
function withoutShardEnv<T>(build: () => T): T {
  const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  try {
    return build();
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

/** The Client reads its shard options at login: set them from the plan ("auto": discord.js asks Discord itself). */
function applyShardPlan(client: Client, taken: TakenShards): void {
  if (taken.plan !== "auto") {
    client.options.shards = [...taken.plan.ids];
    client.options.shardCount = taken.plan.count;
  }
  if (taken.buildIdentifyThrottler !== undefined) client.options.ws = { ...client.options.ws, buildIdentifyThrottler: taken.buildIdentifyThrottler };
}

function clientOptions(messageContent: boolean, apiUrl: string | undefined): ClientOptions {
  return {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DM channels are not cached until a DM arrives; discord.js needs this partial to emit DM messages.
    partials: [Partials.Channel],
    ...(apiUrl === undefined || apiUrl === "" ? {} : { rest: { api: apiUrl } }),
    // Replaced by the shard plan before login; "auto" keeps the Client from reading SHARDS itself.
    shards: "auto",
  };
}

/** Logs in and waits for READY; a rejected token or intent becomes a sentence saying what to fix. */
async function login(client: Client, token: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      client.off(Events.ClientReady, onReady);
      client.off(Events.ShardDisconnect, onDisconnect);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    // Unrecoverable close codes (bad token, intents) end the connection without rejecting `login`.
    const onDisconnect = (event: { code: number }) => {
      cleanup();
      reject(describeCloseCode(event.code));
    };
    client.once(Events.ClientReady, onReady);
    client.on(Events.ShardDisconnect, onDisconnect);
    client.login(token).catch((error: unknown) => {
      cleanup();
      reject(describeLoginError(error));
    });
  });
}

const TOKEN_FIX = "check DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token, then put it in .env)";

function describeLoginError(error: unknown): Error {
  if (error instanceof Error && "code" in error && error.code === DiscordjsErrorCodes.TokenInvalid) {
    return new UserFacingError(`Discord rejected the bot token: ${TOKEN_FIX}.`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function describeCloseCode(code: number): Error {
  if (code === (GatewayCloseCodes.AuthenticationFailed as number)) {
    return new UserFacingError(`Discord rejected the bot token (gateway close 4004): ${TOKEN_FIX}.`);
  }
  if (code === (GatewayCloseCodes.DisallowedIntents as number)) {
    return new UserFacingError(
      "Discord refused the Message Content intent (gateway close 4014): enable it under Bot → Privileged Gateway Intents in the Developer Portal, or unset DISCORD_MESSAGE_CONTENT.",
    );
  }
  return new UserFacingError(`Discord closed the gateway connection for good (close code ${code}).`);
}

/** Exit code of a process that lost a lease while running (2 is "held by another process" at start). */
export const LEASE_LOST_EXIT_CODE = 3;

/**
 * SIGINT / SIGTERM stop the bot once; a second signal, or a stop that hangs, ends the process anyway. A lost lease
 * stops it too, printing why, and ends the process with `LEASE_LOST_EXIT_CODE`.
 */
export function stopOnSignals(bot: RunningBot, logger: Logger): void {
  const FORCE_EXIT_MS = 10_000;
  let stopping = false;
  const stopThenExit = (code: number) => {
    stopping = true;
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    bot.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    logger.info({ signal }, "shutting down");
    stopThenExit(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  void bot.leaseLost.then((reason) => {
    if (stopping) return;
    process.stderr.write(`${reason}\n`);
    stopThenExit(LEASE_LOST_EXIT_CODE);
  });
}
