/**
 * The checks before any answer, in order: may this user use the bot here (`checkAccess`), is the user within the
 * per-minute rate (`RateLimiter`; a refusal does not count; a repeated one is `quiet`), and is the guild under its daily spend cap
 * (`checkSpendCap`, from today's usage records). The first refusal wins; its reason is a sentence for the user.
 */
import { checkAccess, type AccessRequest } from "../guard/check-access.ts";
import { checkSpendCap } from "../guard/check-spend-cap.ts";
import { ALLOWED, refuse, type GuardDecision } from "../guard/guard-decision.ts";
import type { ChatRuntime } from "./chat-runtime.ts";

export async function checkChatGuards(runtime: ChatRuntime, access: AccessRequest, guildId: string | null): Promise<GuardDecision> {
  const bot = runtime.config.data.bot;
  const allowed = checkAccess(access, bot);
  if (!allowed.allowed) return allowed;
  const rate = await runtime.rateLimiter.take(access.userId);
  if (!rate.allowed) return refuse(rate.reason, { quiet: rate.repeated });
  if (guildId === null || bot.daily_spend_cap_usd === undefined) return ALLOWED;
  const now = runtime.now();
  const spentTodayUsd = await runtime.usage.spentToday(guildId, now);
  return checkSpendCap({ spentTodayUsd, capUsd: bot.daily_spend_cap_usd, now: now.getTime() });
}
