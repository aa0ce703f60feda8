/**
 * The tools that belong to one conversation, added to the registry's shared ones for one answer
 * (`ToolRegistry.with`): they need what only the Discord side knows — who asks and where, the conversation's
 * files, a way to post in it. The Bedrock core stays Discord-free: it only sees `Tool`s.
 *
 * - `plan_batch` when `/batch` is set up (`[batch] bucket`) and the answer can post its plan (`postAside`);
 * - `fetch_url` where `[web_fetch]` turns it on (`webFetchAllowedIn`), told the URLs people (not the bot) wrote in the
 *   conversation: by default the only ones it fetches;
 * - `[[tools]]` toggles switch them off like the built-ins.
 */
import type { Tool } from "../../bedrock/tools/tool-registry.ts";
import { toolEnabled } from "../../bedrock/tools/tool-registry.ts";
import { createFetchUrlTool, FETCH_URL_TOOL } from "../../bedrock/tools/web/fetch-url-tool.ts";
import { urlsInText } from "../../bedrock/tools/web/urls-in-text.ts";
import type { WebFetchConfig } from "../../config/schema.ts";
import type { planMessage } from "../batch/hold-batch-plan.ts";
import type { ChatMessage } from "../chat/chat-message.ts";
import { createPlanBatchTool, PLAN_BATCH_TOOL } from "../chat/plan-batch-tool.ts";
import type { BotContext } from "../bot-context.ts";

/** Names of the tools made here, so `[[tools]]` toggles naming them are not reported as unknown. */
export const CONVERSATION_TOOL_NAMES = [PLAN_BATCH_TOOL, FETCH_URL_TOOL] as const;

/** What the tools need of the request being answered. */
export interface ConversationToolRequest {
  requesterId: string;
  /** The asker's roles in the guild (for `[batch] allow_roles`); empty in DMs. */
  requesterRoleIds?: readonly string[];
  place: { guildId: string | null; channelId: string; parentChannelId?: string };
  /** Posts a message in the conversation besides the answer (a batch plan with its buttons). */
  postAside?: (message: ReturnType<typeof planMessage>) => Promise<unknown>;
}

export function conversationTools(runtime: BotContext, request: ConversationToolRequest, history: readonly ChatMessage[]): Tool[] {
  const toggles = runtime.config.data.tools;
  const tools: Tool[] = [];
  const { batch } = runtime;
  const { postAside, place } = request;
  if (batch !== undefined && runtime.config.data.batch.bucket !== undefined && postAside !== undefined && toolEnabled(PLAN_BATCH_TOOL, toggles)) {
    tools.push(
      createPlanBatchTool({
        context: { ...runtime, batch },
        spender: { userId: request.requesterId, roleIds: request.requesterRoleIds ?? [], ...(place.guildId === null ? {} : { guildId: place.guildId }) },
        place: place.parentChannelId === undefined ? { channelId: place.channelId } : { channelId: place.parentChannelId, threadId: place.channelId },
        attachments: history.filter((message) => !message.isBot).flatMap((message) => message.attachments),
        post: postAside,
      }),
    );
  }
  const webFetch = runtime.config.data.web_fetch;
  if (webFetchAllowedIn(webFetch, place) && toolEnabled(FETCH_URL_TOOL, toggles)) {
    const people = history.filter((message) => !message.isBot);
    tools.push(
      createFetchUrlTool({
        config: webFetch,
        conversationUrls: new Set(people.flatMap((message) => urlsInText(message.content))),
        ...(runtime.webFetch === undefined ? {} : { fetch: runtime.webFetch }),
      }),
    );
  }
  return tools;
}

/** `[web_fetch]`: on, and this place is in its `guilds` / `channels` lists when they are set (a thread: its parent). */
export function webFetchAllowedIn(config: Pick<WebFetchConfig, "enabled" | "guilds" | "channels">, place: ConversationToolRequest["place"]): boolean {
  if (!config.enabled) return false;
  if (config.guilds.length > 0 && (place.guildId === null || !config.guilds.includes(place.guildId))) return false;
  if (config.channels.length > 0 && !config.channels.includes(place.parentChannelId ?? place.channelId) && !config.channels.includes(place.channelId)) return false;
  return true;
}
