/**
 * Whether a configured MCP server's tools are offered in one place, and why (for `/tools`): the config decides where
 * a server may be used at all (`enabled`, `guilds`, `channels`, `dms`) and nothing in Discord widens that; within it,
 * a channel's switch wins over its server's, and a server is on unless switched off. Pure.
 */
import type { McpServerConfig } from "../../../config/schema.ts";

/** Where a conversation happens; a thread counts as its parent channel. */
export interface McpPlace {
  guildId?: string;
  channelId: string;
  parentChannelId?: string;
}

/** Per-place switches by server name, as `/tools` stores them. */
export type McpSwitches = Readonly<Record<string, boolean>>;

export type McpUsability =
  | { usable: true; source: "default" | "channel" | "guild" }
  | { usable: false; why: "disabled in config" | "not allowed here by config" | "switched off for this channel" | "switched off for this server" };

type Where = Pick<McpServerConfig, "enabled" | "guilds" | "channels" | "dms" | "name">;

export function mcpServerUsability(server: Where, place: McpPlace, switches: { channel?: McpSwitches; guild?: McpSwitches }): McpUsability {
  if (!server.enabled) return { usable: false, why: "disabled in config" };
  if (!allowedByConfig(server, place)) return { usable: false, why: "not allowed here by config" };
  const channel = switches.channel?.[server.name];
  if (channel !== undefined) return channel ? { usable: true, source: "channel" } : { usable: false, why: "switched off for this channel" };
  const guild = switches.guild?.[server.name];
  if (guild !== undefined) return guild ? { usable: true, source: "guild" } : { usable: false, why: "switched off for this server" };
  return { usable: true, source: "default" };
}

function allowedByConfig(server: Where, place: McpPlace): boolean {
  if (place.guildId === undefined) return server.dms;
  if (server.guilds.length > 0 && !server.guilds.includes(place.guildId)) return false;
  if (server.channels.length === 0) return true;
  return server.channels.includes(place.channelId) || (place.parentChannelId !== undefined && server.channels.includes(place.parentChannelId));
}
