/**
 * The bot's permissions in a guild channel, computed the way Discord documents it ("Permission Overwrites"):
 * @everyone and the member's roles, Administrator or ownership grants all, then the @everyone, role and member
 * overwrites of the channel (a thread uses its parent's). Pure; the REST lookups are in check-channels.ts.
 */
import { PermissionFlagsBits } from "discord.js";

export interface PermissionInputs {
  guildId: string;
  ownerId: string;
  userId: string;
  /** Every role of the guild with its permission bits (as Discord's decimal strings). */
  roles: readonly { id: string; permissions: string }[];
  memberRoleIds: readonly string[];
  overwrites: readonly { id: string; type: number; allow: string; deny: string }[];
}

const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

export function computeChannelPermissions(input: PermissionInputs): bigint {
  if (input.ownerId === input.userId) return ALL;
  const roleBits = (id: string) => BigInt(input.roles.find((role) => role.id === id)?.permissions ?? "0");
  let permissions = roleBits(input.guildId);
  for (const roleId of input.memberRoleIds) permissions |= roleBits(roleId);
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL;
  const everyone = input.overwrites.find((overwrite) => overwrite.id === input.guildId);
  if (everyone !== undefined) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of input.overwrites) {
    if (overwrite.type === 0 && input.memberRoleIds.includes(overwrite.id)) {
      allow |= BigInt(overwrite.allow);
      deny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = input.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === input.userId);
  if (own !== undefined) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  return permissions;
}

/** What the bot needs where it answers and posts batch results (README "Discord setup"). */
const REQUIRED_CHANNEL_PERMISSIONS = [
  "ViewChannel",
  "SendMessages",
  "SendMessagesInThreads",
  "CreatePublicThreads",
  "ReadMessageHistory",
  "AttachFiles",
  "EmbedLinks",
] as const satisfies readonly (keyof typeof PermissionFlagsBits)[];

export function missingPermissions(permissions: bigint): string[] {
  return REQUIRED_CHANNEL_PERMISSIONS.filter((name) => (permissions & PermissionFlagsBits[name]) === 0n);
}
