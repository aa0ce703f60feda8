/**
 * The facts `checkAccess` needs, read from a message's or an interaction's member and channel: the member's roles
 * (without @everyone, whose id is the guild's), and the channel's parents — a thread's parent channel, and the
 * category above it — so channel allow/deny lists cover threads and categories.
 */
import type { APIInteractionGuildMember } from "discord.js";
import type { GuildMember, TextBasedChannel } from "discord.js";
import type { AccessRequest } from "../guard/check-access.ts";

export function accessRequestFor(userId: string, member: GuildMember | APIInteractionGuildMember | null, channel: TextBasedChannel): AccessRequest {
  const isDM = channel.isDMBased();
  return { userId, roleIds: isDM ? [] : roleIdsOf(member, channel), channelId: channel.id, parentIds: parentIdsOf(channel), isDM };
}

function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null, channel: TextBasedChannel): string[] {
  if (member === null) return [];
  const guildId = "guildId" in channel ? channel.guildId : undefined;
  const ids = Array.isArray(member.roles) ? member.roles : [...(member as GuildMember).roles.cache.keys()];
  return ids.filter((id) => id !== guildId);
}

/** Thread -> [parent, category]; channel -> [category]; DM -> []. */
function parentIdsOf(channel: TextBasedChannel): string[] {
  if (channel.isDMBased()) return [];
  const ids: string[] = [];
  if (channel.parentId !== null) ids.push(channel.parentId);
  if (channel.isThread() && channel.parent?.parentId != null) ids.push(channel.parent.parentId);
  return ids;
}
