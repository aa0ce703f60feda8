/**
 * The tools of one answer: the plugin's built-ins, plus the MCP tools usable in the conversation's place (config
 * limits, then the `/tools` switches of the channel — a thread's own over its parent's — and of the server, read with
 * the conversation's other settings), with a warning for each usable MCP server that is down, which the answer shows.
 */
import type { ToolRegistry } from "../../bedrock/tools/tool-registry.ts";
import type { McpServers } from "../../bedrock/tools/mcp/mcp-servers.ts";
import { readsToolResultImages } from "../../bedrock/models/reads-tool-result-images.ts";
import type { ModelConfig } from "../../config/schema.ts";

/** The fields of the conversation's place (`ConversationPlace`) that decide which tools apply. */
interface ToolsPlace {
  guildId: string | null;
  channelId: string;
  parentChannelId?: string;
}

interface AnswerToolsDeps {
  tools: ToolRegistry;
  mcp?: McpServers;
}

/** `/tools` switches in force: the channel's (a thread's own over its parent's) and the server's. */
export interface McpSwitchesHere {
  channel: Record<string, boolean>;
  guild?: Record<string, boolean>;
}

export function answerTools(deps: AnswerToolsDeps, place: ToolsPlace, switches: McpSwitchesHere, model: Pick<ModelConfig, "model_identifier">): { registry: ToolRegistry; warnings: string[] } {
  if (deps.mcp === undefined) return { registry: deps.tools, warnings: [] };
  const mcpPlace = {
    channelId: place.channelId,
    ...(place.guildId === null ? {} : { guildId: place.guildId }),
    ...(place.parentChannelId === undefined ? {} : { parentChannelId: place.parentChannelId }),
  };
  const { tools, warnings } = deps.mcp.toolsFor(mcpPlace, switches, { acceptsImages: readsToolResultImages(model) });
  return { registry: tools.length === 0 ? deps.tools : deps.tools.with(tools), warnings };
}
