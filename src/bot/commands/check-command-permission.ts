/**
 * Who may do what with `/model`, `/system` and `/usage`. Anyone may look at the settings in force; changing them
 * for a server channel or a whole server needs an admin (`[bot] admins`, or Manage Server there: the guard's
 * `isAdmin`), because they change the answers, and the bill, of everyone there. In a DM with the bot the one person
 * in it owns the conversation and may change it; there is no server to change.
 * Members see their own usage; a server's usage is for its admins.
 */
import type { BotConfig } from "../../config/schema.ts";
import { isAdmin } from "../guard/check-access.ts";
import { ALLOWED, refuse, type GuardDecision } from "../guard/guard-decision.ts";
import type { SettingsScope, UsageScope } from "./command-definitions.ts";

export interface CommandUser {
  userId: string;
  /** Manage Server in the interaction's server; false in DMs. */
  hasManageGuild: boolean;
  /** False in DMs. */
  inGuild: boolean;
}

const NO_SERVER = "There is no server in a direct message; leave out scope (or pick this channel) to change this conversation.";

export function checkSettingsChange(user: CommandUser, scope: SettingsScope, what: string, config: Pick<BotConfig, "admins">): GuardDecision {
  if (!user.inGuild) return scope === "server" ? refuse(NO_SERVER) : ALLOWED;
  if (isAdmin(user.userId, user.hasManageGuild, config)) return ALLOWED;
  return refuse(`Only bot admins and members with Manage Server can change the ${what}. You can still see it with this command.`);
}

export function checkUsageScope(user: CommandUser, scope: UsageScope, config: Pick<BotConfig, "admins">): GuardDecision {
  if (scope === "me") return ALLOWED;
  if (!user.inGuild) return refuse("There is no server in a direct message; use scope: me for your own usage.");
  if (isAdmin(user.userId, user.hasManageGuild, config)) return ALLOWED;
  return refuse("A server's usage is for bot admins and members with Manage Server; use scope: me for your own.");
}
