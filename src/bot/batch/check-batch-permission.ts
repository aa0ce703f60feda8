/**
 * Who may spend on `/batch`, and who may see or cancel a job. Checked after the bot-wide `checkAccess`:
 *
 * - starting a job (submit, run, a pool contribution): `[batch] allow_users` and `allow_roles`, each non-empty list
 *   restricting on its own as in `checkAccess`; configured `[bot] admins` are exempt from the lists. Then the
 *   guild's daily spend cap (`[bot] daily_spend_cap_usd`, chat and batch together), with the job's estimate counted
 *   toward it, for everyone: the cap is the bot owner's budget (`checkSpendCap`). DMs have no guild, so no cap;
 * - a job: its owner may see, re-post and cancel it; so may a configured admin, anywhere, and a member with Manage
 *   Guild for jobs started in that guild. Jobs started from the CLI have no owner: admins only.
 */
import type { BatchConfig, BotConfig } from "../../config/schema.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { checkSpendCap } from "../guard/check-spend-cap.ts";
import { ALLOWED, refuse, type GuardDecision } from "../guard/guard-decision.ts";

export interface BatchPermissionConfig {
  batch: Pick<BatchConfig, "allow_users" | "allow_roles">;
  bot: Pick<BotConfig, "admins" | "daily_spend_cap_usd">;
}

export interface BatchSpendRequest {
  userId: string;
  /** The member's role ids; empty in DMs. */
  roleIds: readonly string[];
  /** Absent in DMs. */
  guildId?: string;
  /** What the guild spent today (UTC), USD (`UsageRepository.spentToday`). */
  spentTodayUsd: number;
  /** The job's estimated cost at the price it will run at, USD. */
  estimatedCostUsd: number;
  /** Epoch ms. */
  now: number;
}

export function checkBatchSpend(request: BatchSpendRequest, config: BatchPermissionConfig): GuardDecision {
  const { allow_users: users, allow_roles: roles } = config.batch;
  if (!config.bot.admins.includes(request.userId)) {
    if (users.length > 0 && !users.includes(request.userId)) return refuse("Batch jobs are only available to certain users.");
    if (roles.length > 0 && !request.roleIds.some((role) => roles.includes(role))) {
      return refuse(request.guildId === undefined ? "Batch jobs are only available to members with certain roles; start them in the server." : "Batch jobs are only available to members with certain roles.");
    }
  }
  if (request.guildId === undefined) return ALLOWED;
  return checkSpendCap({ spentTodayUsd: request.spentTodayUsd, capUsd: config.bot.daily_spend_cap_usd, estimatedCostUsd: request.estimatedCostUsd, now: request.now });
}

export type JobAction = "see" | "cancel" | "repost";

export interface JobAccessRequest {
  userId: string;
  /** Where the command was used; absent in DMs. */
  guildId?: string;
  /** The member has Manage Guild in `guildId`. */
  hasManageGuild: boolean;
}

/** @param what how the refusal names the thing: a job, or a submission waiting in a pool. */
export function checkJobAccess(
  owner: JobOwner | undefined,
  request: JobAccessRequest,
  action: JobAction,
  config: Pick<BotConfig, "admins">,
  what: "job" | "submission" = "job",
): GuardDecision {
  if (canActOnJob(owner, request, config)) return ALLOWED;
  if (owner === undefined) return refuse(`This ${what} was started from the command line; only the bot's admins can ${verb(action)}.`);
  return refuse(`Only the member who started this ${what}, or an admin of its server, can ${verb(action)}.`);
}

/** The same rule as a filter, for `/batch list` and job-id autocomplete. */
export function canActOnJob(owner: JobOwner | undefined, request: JobAccessRequest, config: Pick<BotConfig, "admins">): boolean {
  if (config.admins.includes(request.userId)) return true;
  if (owner === undefined) return false;
  if (owner.userId === request.userId) return true;
  return request.hasManageGuild && request.guildId !== undefined && owner.guildId === request.guildId;
}

function verb(action: JobAction): string {
  switch (action) {
    case "see":
      return "see it";
    case "cancel":
      return "cancel it";
    case "repost":
      return "post its results again";
    default: {
      const unexpected: never = action;
      throw new Error(`unknown job action ${String(unexpected)}`);
    }
  }
}
