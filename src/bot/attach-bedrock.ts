/**
 * The plugin: `attachBedrock(client, context)` adds Bedrock chat to an existing discord.js `Client`.
 *
 * It registers two listeners — `messageCreate` (answers mentions, replies to the bot, DMs and messages in threads it
 * created; only with the chat feature) and `interactionCreate` (its own buttons, slash commands and menus, by custom
 * id prefix and command name; everything else is left to the host) — and nothing else: no intents, no login, no
 * process signals; the host bot owns the client. One edit
 * scheduler, rate limiter and run registry serve all answers of this plugin. `detach()` removes exactly those two
 * listeners, stops the answers still streaming (they end "⏹️ Stopped: the bot is shutting down.") and resolves once
 * their messages show it.
 *
 * ```ts
 * const plugin = await attachBedrock(client, context);
 * // ... later
 * await plugin.detach();
 * ```
 */
import { Events, type Client, type Interaction, type Message } from "discord.js";
import { ALL_FEATURES, commandNamesOf, type BedrockFeatures } from "./plugin-features.ts";
import { loadMcpServers } from "./load-mcp-servers.ts";
import type { BatchWatcher, BatchWatcherOptions } from "./batch/batch-watcher.ts";
import { parseBatchButtonId } from "./batch/batch-button-id.ts";
import type { BotContext } from "./bot-context.ts";
import { handleChatButton } from "./chat/handle-chat-button.ts";
import { handleChatCommand } from "./chat/handle-chat-command.ts";
import { handleChatMessage } from "./chat/handle-chat-message.ts";
import { COMMAND_NAMES } from "./commands/command-definitions.ts";
import { handleCommandInteraction } from "./commands/handle-command-interaction.ts";
import { ChatAbort } from "./discord/chat-runs.ts";
import { createChatRuntime, type ChatRuntime, type ChatRuntimeOptions } from "./discord/chat-runtime.ts";
import type { McpServers, McpServersOptions } from "../bedrock/tools/mcp/mcp-servers.ts";
import { handleToolsCommand } from "./commands/tools-command.ts";
import { replyWithFailure } from "./commands/reply-with-failure.ts";

/** What `attachBedrock` returns: the handle that undoes it. */
export interface BedrockPluginHandle {
  /** Removes the plugin's listeners; answers in flight end marked as stopped. Safe to call twice. */
  detach(): Promise<void>;
  /** The `/batch` job watcher, when batch is configured (tests call its `poll()`). */
  batchWatcher?: BatchWatcher;
  /** The configured MCP servers, when there are any (their states, as `/tools` shows them). */
  mcpServers?: McpServers;
}

export type AttachBedrockOptions = ChatRuntimeOptions & {
  batchWatcher?: BatchWatcherOptions;
  /** Which parts run; default all (batch only when the context has a batch runtime). */
  features?: BedrockFeatures;
  /** How MCP servers are restarted and their results capped (tests); default: see `McpServersOptions`. */
  mcp?: Pick<McpServersOptions, "schedule" | "backoff" | "maxResultChars">;
};

export async function attachBedrock(client: Client, context: BotContext, options: AttachBedrockOptions = {}): Promise<BedrockPluginHandle> {
  const features = options.features ?? ALL_FEATURES;
  const batch = features.batch ? context.batch : undefined;
  // `/batch` (AWS batch clients, CSV, zip and file-type parsers) is loaded only where batch runs.
  const launchWatcher =
    batch === undefined
      ? undefined
      : await import("./batch/batch-watcher.ts").then(
          ({ startBatchWatcher }) =>
            () =>
              startBatchWatcher(
                { client, runtime: batch, config: context.config, logger: context.logger, usage: context.usage },
                { ...options.batchWatcher, ...(context.observer === undefined ? {} : { observer: context.observer }) },
              ),
        );
  // Without the batch feature the chat side must not see the batch runtime either: plan_batch would post plans whose
  // buttons nothing routes.
  const { batch: _withoutBatch, ...chatContext } = context;
  const runtime = createChatRuntime(client, batch === undefined ? chatContext : context, options);
  const { logger } = context;
  // `[[mcp_servers]]` are started here, from the config only, and stopped by detach; the MCP SDK loads only then.
  const mcpConfigs = context.config.data.mcp_servers;
  const mcp =
    mcpConfigs.length === 0
      ? undefined
      : await loadMcpServers().then(({ startMcpServers }) =>
          startMcpServers(mcpConfigs, { logger, now: context.now, reservedNames: runtime.tools.names, ...options.mcp }),
        );
  if (mcp !== undefined) runtime.mcp = mcp;
  const ours = commandNamesOf(features);
  const onMessage = (message: Message) => {
    handleChatMessage(message, runtime).catch((error: unknown) => logger.error({ err: error, messageId: message.id }, "handling a message failed"));
  };
  const onInteraction = (interaction: Interaction) => {
    dispatchInteraction(interaction, runtime, features, ours).catch((error: unknown) => logger.error({ err: error, interactionId: interaction.id }, "handling an interaction failed"));
  };
  if (features.chat) client.on(Events.MessageCreate, onMessage);
  client.on(Events.InteractionCreate, onInteraction);
  // The watcher resumes jobs from the store; it posts with the bot token, so it starts once the client is ready.
  let batchWatcher: BatchWatcher | undefined;
  const startWatcher = () => {
    if (launchWatcher !== undefined && !runtime.closing) batchWatcher = launchWatcher();
  };
  if (launchWatcher !== undefined) {
    if (client.isReady()) startWatcher();
    else client.once(Events.ClientReady, startWatcher);
  }
  return {
    get batchWatcher() {
      return batchWatcher;
    },
    ...(mcp === undefined ? {} : { mcpServers: mcp }),
    async detach() {
      client.off(Events.ClientReady, startWatcher);
      await batchWatcher?.stop();
      client.off(Events.MessageCreate, onMessage);
      client.off(Events.InteractionCreate, onInteraction);
      runtime.closing = true;
      const running = runtime.runs.all();
      for (const run of running) run.controller.abort(new ChatAbort("shutdown"));
      await Promise.all(running.map((run) => run.done));
      runtime.typing.stopAll();
      await Promise.all([mcp?.stop(), runtime.closeShared()]);
    },
  };
}

/** Routes our interactions; anything else (the host's own commands and components) is left untouched. */
async function dispatchInteraction(interaction: Interaction, runtime: ChatRuntime, features: BedrockFeatures, ours: ReadonlySet<string>): Promise<void> {
  if (runtime.closing) return;
  if (interaction.isButton()) {
    const batchButton = features.batch ? parseBatchButtonId(interaction.customId) : undefined;
    if (batchButton !== undefined) {
      const { handleBatchButton, requireBatch } = await import("./batch/batch-submit-command.ts");
      await handleBatchButton(interaction, requireBatch(runtime), batchButton);
    } else if (features.chat) {
      await handleChatButton(interaction, runtime); // false when the custom id is not ours
    }
    return;
  }
  if (!(interaction.isCommand() || interaction.isAutocomplete()) || !ours.has(interaction.commandName)) return;
  if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAMES.chat) {
    await handleChatCommand(interaction, runtime);
    return;
  }
  if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAMES.tools) {
    await handleToolsCommand(interaction, runtime).catch((error: unknown) => replyWithFailure(interaction, error, runtime));
    return;
  }
  // /model, /system, /usage and autocomplete (the runtime is a BotContext); false: another app's interaction.
  if (!(await handleCommandInteraction(interaction, runtime))) runtime.logger.debug({ interactionId: interaction.id }, "interaction not for this plugin");
}
