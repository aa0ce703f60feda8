/**
 * The per-guild daily spend cap (`bot.daily_spend_cap_usd`, chat and batch together). Days are UTC days: the edge
 * sums the guild's usage records of `spendDay(now)` and asks here before each request. A request is refused once
 * the day's spend reached the cap, or when its estimated cost (if the caller has one) would go past it.
 */
import type { BotConfig } from "../../config/schema.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { ALLOWED, refuse, type GuardDecision } from "./guard-decision.ts";
import { formatDuration } from "../render/format-duration.ts";

export interface SpendCapInput {
  /** What the guild spent today (UTC), in USD. */
  spentTodayUsd: number;
  capUsd: BotConfig["daily_spend_cap_usd"];
  /** The request's expected cost, when known (a batch job's estimate); default 0. */
  estimatedCostUsd?: number;
  /** Epoch ms. */
  now: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function checkSpendCap({ spentTodayUsd, capUsd, estimatedCostUsd = 0, now }: SpendCapInput): GuardDecision {
  if (capUsd === undefined) return ALLOWED;
  if (spentTodayUsd < capUsd && spentTodayUsd + estimatedCostUsd <= capUsd) return ALLOWED;
  const used = `This server has used ${formatUsd(spentTodayUsd)} of its ${formatUsd(capUsd)} daily budget`;
  const resets = `It resets at midnight UTC, in ${untilNextDay(now)}.`;
  if (spentTodayUsd >= capUsd) return refuse(`${used}. ${resets}`);
  return refuse(`${used}; this request (about ${formatUsd(estimatedCostUsd)}) would go over it. ${resets}`);
}

/** The UTC day spend is counted in: `2025-01-31`. */
export function spendDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** `3 h 12 min`, `45 min`, at least `1 min`. */
/** Rounded up to the minute and at least one, so "in 1 min" rather than "under a minute" before midnight. */
function untilNextDay(now: number): string {
  return formatDuration(Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 60_000)) * 60_000);
}
