/**
 * `/tools [server] [enabled] [scope] [clear]`: without a server, the tools models can use here — the built-ins, and
 * each configured MCP server with its state (ready, connecting, unavailable and why), whether it is on here and its
 * tools; with a server (admins), that server switched on or off for this channel or the whole server, or the switch
 * removed (`clear`). A switch only narrows what the config allows: the config alone decides which servers exist and
 * where they may run. Replies are private.
 */
import { EmbedBuilder, type ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { McpServerOverview, McpServers } from "../../bedrock/tools/mcp/mcp-servers.ts";
import { mcpServerUsability } from "../../bedrock/tools/mcp/mcp-server-usable.ts";
import type { ToolRegistry } from "../../bedrock/tools/tool-registry.ts";
import type { McpServerConfig } from "../../config/schema.ts";
import type { ChatSettings } from "../../store/chat-settings.ts";
import type { BotContext } from "../bot-context.ts";
import { checkSettingsChange } from "./check-command-permission.ts";
import { choiceOption, commandUser, replyPrivately, requireAllowed } from "./command-interaction.ts";
import { TOOLS_OPTIONS, type SettingsScope } from "./command-definitions.ts";
import { placeName } from "./describe-setting-source.ts";
import { settingsPlaceOfInteraction, updatePlaceSettings, type SettingsPlace } from "./settings-place.ts";

/** What `/tools` reads: the plugin's tools besides the usual context. */
export interface ToolsCommandContext extends BotContext {
  tools: ToolRegistry;
  mcp?: McpServers;
}

const SCOPES: readonly SettingsScope[] = ["channel", "server"];
/** Discord: an embed description holds <= 4096 characters. */
const MAX_DESCRIPTION = 4000;
/** Autocomplete: at most 25 choices. */
const MAX_CHOICES = 25;

export async function handleToolsCommand(interaction: ChatInputCommandInteraction, context: ToolsCommandContext): Promise<void> {
  const serverName = interaction.options.getString(TOOLS_OPTIONS.server);
  const enabled = interaction.options.getBoolean(TOOLS_OPTIONS.enabled);
  const clear = interaction.options.getBoolean(TOOLS_OPTIONS.clear) ?? false;
  const scope = choiceOption(interaction, TOOLS_OPTIONS.scope, SCOPES, "channel");
  const place = settingsPlaceOfInteraction(interaction);
  if (serverName === null) {
    if (enabled !== null || clear) throw new UserFacingError("Name the MCP server to switch (server:).");
    await replyPrivately(interaction, await toolsView(context, place));
    return;
  }
  if ((enabled === null) === !clear) throw new UserFacingError("Give enabled: (on or off) or clear:, one of the two.");
  const server = context.config.data.mcp_servers.find((candidate) => candidate.name === serverName);
  if (server === undefined) throw new UserFacingError(`There is no MCP server "${serverName}" in the bot's config${knownServers(context.config.data.mcp_servers)}.`);
  const allowed = mcpServerUsability(server, mcpPlace(place), {});
  if (!allowed.usable) throw new UserFacingError(`The MCP server "${server.name}" is ${allowed.why}; only the bot's config can change that.`);
  requireAllowed(checkSettingsChange(commandUser(interaction), scope, "MCP servers", context.config.data.bot));
  const current = scope === "channel" ? await context.settings.getChannel(place.channelId) : place.guildId === undefined ? undefined : await context.settings.getGuild(place.guildId);
  const switches = switchedTo(current?.mcpServers, server.name, clear ? undefined : (enabled ?? undefined));
  await updatePlaceSettings(context.settings, place, scope, { mcpServers: switches, updatedBy: interaction.user.id, updatedAt: context.now().toISOString() });
  const where = scope === "server" ? "this server" : placeName(place);
  const done = clear ? `Removed the switch of MCP server "${server.name}" for ${where}.` : `Switched MCP server "${server.name}" ${enabled === true ? "on" : "off"} for ${where}.`;
  const view = await toolsView(context, place);
  await replyPrivately(interaction, { ...view, content: `${done} It applies from the next answer on.` });
}

/** Server names from the config that start with what was typed (then those containing it). */
export function suggestMcpServers(servers: readonly Pick<McpServerConfig, "name">[], typed: string): { name: string; value: string }[] {
  const needle = typed.toLowerCase();
  const names = servers.map((server) => server.name);
  const ranked = [...names.filter((name) => name.toLowerCase().startsWith(needle)), ...names.filter((name) => !name.toLowerCase().startsWith(needle) && name.toLowerCase().includes(needle))];
  return ranked.slice(0, MAX_CHOICES).map((name) => ({ name, value: name }));
}

/** The server's switches with `name` set to `value`, or removed when `value` is undefined; undefined when none remain. */
function switchedTo(current: ChatSettings["mcpServers"], name: string, value: boolean | undefined): ChatSettings["mcpServers"] {
  const { [name]: _previous, ...rest } = current ?? {};
  const next = value === undefined ? rest : { ...rest, [name]: value };
  return Object.keys(next).length === 0 ? undefined : next;
}

function mcpPlace(place: SettingsPlace): { guildId?: string; channelId: string } {
  return place.guildId === undefined ? { channelId: place.channelId } : { guildId: place.guildId, channelId: place.channelId };
}

async function toolsView(context: ToolsCommandContext, place: SettingsPlace): Promise<{ content: string; embeds: EmbedBuilder[] }> {
  const [channel, guild] = await Promise.all([context.settings.getChannel(place.channelId), place.guildId === undefined ? undefined : context.settings.getGuild(place.guildId)]);
  const switches = { ...(channel?.mcpServers === undefined ? {} : { channel: channel.mcpServers }), ...(guild?.mcpServers === undefined ? {} : { guild: guild.mcpServers }) };
  const servers = context.mcp?.overview(mcpPlace(place), switches) ?? []; // absent only when the config names none
  const lines = [`**Built-in**: ${context.tools.names.map((name) => `\`${name}\``).join(", ") || "none"}`, ...servers.map((server) => describeServer(server, context.now()))];
  const refused = context.mcp?.warnings ?? [];
  if (refused.length > 0) lines.push("", "**Not offered**", ...refused.map((warning) => `- ${warning}`));
  if (servers.length === 0) lines.push("", "No MCP servers are configured ([[mcp_servers]] in the bot's config).");
  const text = lines.join("\n");
  const embed = new EmbedBuilder().setTitle(`Tools in ${placeName(place)}`).setDescription(text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`);
  return { content: "Models can call these tools while answering here.", embeds: [embed] };
}

function describeServer(server: McpServerOverview, now: Date): string {
  const head = `**MCP \`${server.name}\`**`;
  if (!server.usability.usable) return `${head}: off here (${server.usability.why})`;
  const on = server.usability.source === "default" ? "on" : `on (switched on for this ${server.usability.source === "channel" ? "channel" : "server"})`;
  const status = server.status;
  if (status === undefined) return `${head}: ${on}, not running`;
  switch (status.state) {
    case "ready":
      return `${head}: ${on}, ready — ${server.tools.map((tool) => `\`${tool.name}\``).join(", ") || "no tools offered"}`;
    case "connecting":
      return `${head}: ${on}, connecting…`;
    case "unavailable": {
      const retry = status.retryAt === undefined ? "" : `; retrying ${status.retryAt > now ? `<t:${Math.ceil(status.retryAt.getTime() / 1000)}:R>` : "now"}`;
      return `${head}: ${on}, ⚠️ unavailable — ${status.reason ?? "no reason known"}${retry}`;
    }
    case "stopped":
      return `${head}: ${on}, not running`;
    default: {
      const unknown: never = status.state;
      throw new Error(`unknown MCP server state ${String(unknown)}`);
    }
  }
}

function knownServers(servers: readonly Pick<McpServerConfig, "name">[]): string {
  return servers.length === 0 ? " (it has none)" : ` (known: ${servers.map((server) => server.name).join(", ")})`;
}
