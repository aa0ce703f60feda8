/**
 * The tools of one answer: the plugin's built-ins, plus the MCP tools usable in the conversation's place (config
 * limits, then the `/tools` switches of the channel — a thread's own over its parent's — and of the server), with a
 * warning for each usable MCP server that is down, which the answer shows.
 */
import type { ToolRegistry } from "../../bedrock/tools/tool-registry.ts";
import type { McpServers } from "../../bedrock/tools/mcp/mcp-servers.ts";
import { readsToolResultImages } from "../../bedrock/models/reads-tool-result-images.ts";
import type { ModelConfig } from "../../config/schema.ts";
import type { ChatSettingsRepository } from "../../store/chat-settings.ts";

/** The fields of the conversation's place (`ConversationPlace`) that decide which tools apply. */
interface ToolsPlace {
  guildId: string | null;
  channelId: string;
  parentChannelId?: string;
}

interface AnswerToolsDeps {
  tools: ToolRegistry;
  mcp?: McpServers;
  settings: ChatSettingsRepository;
}

export async function answerTools(deps: AnswerToolsDeps, place: ToolsPlace, model: Pick<ModelConfig, "model_identifier">): Promise<{ registry: ToolRegistry; warnings: string[] }> {
  if (deps.mcp === undefined) return { registry: deps.tools, warnings: [] };
  const [channel, parent, guild] = await Promise.all([
    deps.settings.getChannel(place.channelId),
    place.parentChannelId === undefined ? undefined : deps.settings.getChannel(place.parentChannelId),
    place.guildId === null ? undefined : deps.settings.getGuild(place.guildId),
  ]);
  const channelSwitches = { ...parent?.mcpServers, ...channel?.mcpServers };
  const mcpPlace = {
    channelId: place.channelId,
    ...(place.guildId === null ? {} : { guildId: place.guildId }),
    ...(place.parentChannelId === undefined ? {} : { parentChannelId: place.parentChannelId }),
  };
  const { tools, warnings } = deps.mcp.toolsFor(mcpPlace, { channel: channelSwitches, ...(guild?.mcpServers === undefined ? {} : { guild: guild.mcpServers }) }, { acceptsImages: readsToolResultImages(model) });
  return { registry: tools.length === 0 ? deps.tools : deps.tools.with(tools), warnings };
}
