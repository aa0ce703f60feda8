/**
 * What the chat handlers share within one attached plugin: the `BotContext`, plus the pieces that must be single
 * per plugin — the ONE edit scheduler all streamed answers go through, the per-user rate limiter, the registry of
 * running answers, the typing indicators and the tools offered to models (built-ins, plus the MCP servers' tools).
 */
import { GatewayIntentBits, IntentsBitField, type Client } from "discord.js";
import { createBuiltinTools, selectEnabledTools, ToolRegistry, type Tool } from "../../bedrock/index.ts";
import type { McpServers } from "../../bedrock/tools/mcp/mcp-servers.ts";
import type { BotContext } from "../bot-context.ts";
import type { RateLimiter } from "../guard/rate-limiter.ts";
import { createEditScheduler, type EditScheduler } from "../render/edit-scheduler.ts";
import { ChatRuns } from "./chat-runs.ts";
import { openSharedChatState } from "./shared-chat-state.ts";
import { CONVERSATION_TOOL_NAMES } from "./conversation-tools.ts";
import type { QueuedEdit } from "./stream-answer.ts";
import { createTypingIndicators, type TypingIndicators } from "./typing-indicators.ts";

export interface ChatRuntimeOptions {
  /** Whether the client has the privileged MESSAGE_CONTENT intent; default: read from the client's intents. */
  hasMessageContentIntent?: boolean;
  /** Tools offered besides the built-ins (`[[tools]]` toggles apply to them too). */
  tools?: readonly Tool[];
}

export interface ChatRuntime extends BotContext {
  client: Client;
  scheduler: EditScheduler<QueuedEdit>;
  rateLimiter: RateLimiter;
  runs: ChatRuns;
  typing: TypingIndicators;
  tools: ToolRegistry;
  /** The configured MCP servers, once started (none configured: absent). */
  mcp?: McpServers;
  hasMessageContentIntent: boolean;
  /** Set by `detach`: no new answers start. */
  closing: boolean;
  /** Closes the connections of the state shared with other processes (rate limit, run registry); by `detach`. */
  closeShared(): Promise<void>;
}

export function createChatRuntime(client: Client, context: BotContext, options: ChatRuntimeOptions = {}): ChatRuntime {
  const { logger, config } = context;
  const bot = config.data.bot;
  const selected = selectEnabledTools([...createBuiltinTools({ now: context.now }), ...(options.tools ?? [])], config.data.tools, CONVERSATION_TOOL_NAMES);
  for (const warning of selected.warnings) logger.warn(warning);
  const intents = new IntentsBitField(client.options.intents);
  const shared = openSharedChatState(context.store, { perMinute: bot.rate_limit_per_minute, logger });
  return {
    ...context,
    client,
    scheduler: createEditScheduler<QueuedEdit>({
      send: async (_messageId, edit) => {
        await edit.send(edit.payload);
      },
      intervalMs: bot.stream_edit_interval_ms,
      now: () => Date.now(),
      schedule: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
      onError: (messageId, error) => logger.warn({ err: error, messageId }, "editing a streamed answer failed"),
    }),
    rateLimiter: shared.rateLimiter,
    runs: new ChatRuns({
      ...(shared.registry === undefined ? {} : { registry: shared.registry }),
      onError: (error, what) => logger.warn({ err: error }, `${what} failed`),
    }),
    typing: createTypingIndicators((error) => logger.debug({ err: error }, "typing indicator failed")),
    tools: new ToolRegistry(selected.value),
    hasMessageContentIntent: options.hasMessageContentIntent ?? intents.has(GatewayIntentBits.MessageContent),
    closing: false,
    closeShared: () => shared.close(),
  };
}
