/**
 * The standalone bot: a discord.js `Client` of its own with the plugin attached (`createBedrockPlugin`, as any host
 * uses it; store on `[storage] url`) — what `bedrock-bot start` runs. `stop()` undoes it in order: the plugin
 * (answers in flight end marked stopped; store and Bedrock clients closed), then the Discord connection.
 *
 * Intents are the minimum: Guilds, GuildMessages, DirectMessages. The privileged MessageContent intent is asked for
 * only with DISCORD_MESSAGE_CONTENT=1 (it must also be enabled in the Developer Portal): without it the bot still
 * reads mentions of it, replies to it and DMs, but not other people's messages in reply chains, and in its threads
 * only messages that mention it. DISCORD_API_URL points the REST client (and through it the gateway) elsewhere.
 */
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, DiscordjsErrorCodes, type ClientOptions } from "discord.js";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { LoadedConfig } from "../config/parse-config.ts";
import type { Logger } from "../create-logger.ts";
import { createBedrockPlugin, type BedrockPlugin } from "./create-bedrock-plugin.ts";

export interface StartBotOptions {
  config: LoadedConfig;
  /** DISCORD_TOKEN, DISCORD_API_URL, DISCORD_MESSAGE_CONTENT. */
  env: Record<string, string | undefined>;
  logger: Logger;
}

export interface RunningBot {
  client: Client<true>;
  plugin: BedrockPlugin;
  /** `http://host:port` of /healthz, /readyz and /metrics when `[observability] listen` is set. */
  observabilityUrl?: string;
  /** Detaches the plugin, disconnects, closes the store and the Bedrock clients. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startBot({ config, env, logger }: StartBotOptions): Promise<RunningBot> {
  const token = env.DISCORD_TOKEN ?? "";
  if (token === "") throw new UserFacingError('DISCORD_TOKEN is not set: put it in .env or the environment (README "Discord setup").');
  const messageContent = env.DISCORD_MESSAGE_CONTENT === "1" || env.DISCORD_MESSAGE_CONTENT === "true";
  if (!messageContent) {
    logger.info(
      "Message Content intent not requested (set DISCORD_MESSAGE_CONTENT=1 after enabling it in the Developer Portal): the bot reads mentions, replies to it and DMs; other people's messages in reply chains are left out, and in its threads it answers only when mentioned",
    );
  }
  const client = new Client(clientOptions(messageContent, env.DISCORD_API_URL));
  const listen = config.data.observability.listen;
  // prom-client and the endpoints load only when asked for.
  const observability = listen === undefined ? undefined : (await import("../observability/start-observability.ts")).createObservability(listen);
  const plugin = await createBedrockPlugin({ config, logger, ...(observability === undefined ? {} : { observer: observability.observer }) });
  await plugin.attach(client);
  let server: { url: string; close(): Promise<void> } | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        await server?.close();
        await plugin.detach();
      } finally {
        await client.destroy();
      }
    })();
    return stopped;
  };
  try {
    server = await observability?.serve({
      client,
      storeReachable: () => plugin.storeReachable(),
      ...(plugin.features.batch ? { batchPollSeconds: config.data.batch.poll_interval_seconds } : {}),
    });
    if (server !== undefined) logger.info({ url: server.url }, "serving /healthz, /readyz and /metrics");
    await login(client, token);
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "connected to Discord");
  return { client: client as Client<true>, plugin, stop, ...(server === undefined ? {} : { observabilityUrl: server.url }) };
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

/** SIGINT / SIGTERM stop the bot once; a second signal, or a stop that hangs, ends the process anyway. */
export function stopOnSignals(bot: RunningBot, logger: Logger): void {
  const FORCE_EXIT_MS = 10_000;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
