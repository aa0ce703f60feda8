import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { FakeChannel, World } from "./world.ts";

/** A permission by its discord-api-types name, e.g. "SendMessages". */
export type PermissionName = keyof typeof PermissionFlagsBits;

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** The bits of the named permissions, or-ed. */
export const permissionBits = (names: readonly PermissionName[]): bigint =>
  names.reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);

/**
 * A member's permissions in a channel, computed as Discord documents it ("Permission Overwrites"):
 * @everyone + role permissions, Administrator/owner short-cut, then @everyone, role and member overwrites.
 * Threads use their parent's overwrites. DMs allow what a DM allows.
 */
export function permissionsIn(world: World, channel: FakeChannel, userId: string): bigint {
  if (channel.guildId === null) {
    return permissionBits(["ViewChannel", "SendMessages", "ReadMessageHistory", "AttachFiles", "EmbedLinks", "AddReactions"]);
  }
  const guild = world.guilds.get(channel.guildId);
  const member = world.member(channel.guildId, userId);
  if (!guild || !member) return 0n;
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  let permissions = world.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roleIds) permissions |= world.roles.get(roleId)?.permissions ?? 0n;
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;

  const overwriteSource = isThread(channel) && channel.parentId ? (world.channels.get(channel.parentId) ?? channel) : channel;
  const overwrites = overwriteSource.overwrites;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === 0 && member.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const own = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  return permissions;
}

/** Whether a permission set includes the named permission. */
export const hasPermission = (permissions: bigint, name: PermissionName): boolean =>
  (permissions & PermissionFlagsBits[name]) !== 0n;

/** Public, private and announcement threads. */
export const isThread = (channel: FakeChannel): boolean =>
  channel.type === ChannelType.PublicThread ||
  channel.type === ChannelType.PrivateThread ||
  channel.type === ChannelType.AnnouncementThread;

/** Default @everyone permissions of the seeded world: what a plain member (and the bot) may do. */
export const DEFAULT_EVERYONE_PERMISSIONS = permissionBits([
  "ViewChannel",
  "SendMessages",
  "SendMessagesInThreads",
  "CreatePublicThreads",
  "CreatePrivateThreads",
  "EmbedLinks",
  "AttachFiles",
  "ReadMessageHistory",
  "AddReactions",
  "UseApplicationCommands",
  "UseExternalEmojis",
]);
