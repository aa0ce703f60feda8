/**
 * Who may use the bot where, from `[bot]`'s allow/deny lists:
 *
 * - `admins` are always allowed (they must be able to use the bot to fix its settings);
 * - deny wins over allow: a denied user, role or channel is refused even when an allow list names it too;
 * - each non-empty allow list restricts on its own (users AND roles AND channels), as the schema describes them;
 * - channel lists apply to a thread through its parent channel and to a channel through its category: the edge
 *   passes those ids as `parentIds`;
 * - direct messages: answered only with `reply_in_dms`; channel lists do not apply (a DM is no configured channel),
 *   and role lists cannot be checked (a DM has no member), so a configured `allow_roles` refuses DMs.
 *
 * Members with Manage Guild are admins for settings (`isAdmin`) but not exempt here: the lists are the bot
 * owner's, above any one server.
 */
import type { BotConfig } from "../../config/schema.ts";
import { ALLOWED, refuse, type GuardDecision } from "./guard-decision.ts";

export interface AccessRequest {
  userId: string;
  /** The member's role ids; empty in DMs. */
  roleIds: readonly string[];
  channelId: string;
  /** The thread's parent channel and the channel's category, when there are any. */
  parentIds: readonly string[];
  isDM: boolean;
}

export type AccessConfig = Pick<
  BotConfig,
  "admins" | "reply_in_dms" | "allow_users" | "deny_users" | "allow_roles" | "deny_roles" | "allow_channels" | "deny_channels"
>;

export function checkAccess(request: AccessRequest, config: AccessConfig): GuardDecision {
  if (config.admins.includes(request.userId)) return ALLOWED;
  if (request.isDM && !config.reply_in_dms) return refuse("I don't answer direct messages; ask me in a server channel.");

  const channels = [request.channelId, ...request.parentIds];
  if (config.deny_users.includes(request.userId)) return refuse("You are not allowed to use this bot.");
  if (request.roleIds.some((role) => config.deny_roles.includes(role))) return refuse("One of your roles is not allowed to use this bot.");
  if (!request.isDM && channels.some((channel) => config.deny_channels.includes(channel))) return refuse("I don't answer in this channel.");

  if (config.allow_users.length > 0 && !config.allow_users.includes(request.userId)) return refuse("This bot is only available to certain users.");
  if (config.allow_roles.length > 0 && !request.roleIds.some((role) => config.allow_roles.includes(role))) {
    return refuse(request.isDM ? "This bot is only available to members with certain roles; ask me in the server." : "This bot is only available to members with certain roles.");
  }
  if (!request.isDM && config.allow_channels.length > 0 && !channels.some((channel) => config.allow_channels.includes(channel))) {
    return refuse("I don't answer in this channel; try one where the bot is enabled.");
  }
  return ALLOWED;
}

/** May change the bot's settings: a configured admin, or a member with Manage Guild in that server. */
export function isAdmin(userId: string, hasManageGuild: boolean, config: Pick<BotConfig, "admins">): boolean {
  return hasManageGuild || config.admins.includes(userId);
}
