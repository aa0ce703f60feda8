/** `/usage`: which records a period covers, and their tokens and cost summed per model, with the batch jobs' share. */
import type { UsageRecord } from "../../store/chat-settings.ts";
import type { UsagePeriod } from "./command-definitions.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Start of a period: midnight UTC today (the spend cap's day), 7 or 30 days back, or the epoch. */
export function usagePeriodStart(period: UsagePeriod, now: Date): Date {
  switch (period) {
    case "today":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    case "7d":
      return new Date(now.getTime() - 7 * DAY_MS);
    case "30d":
      return new Date(now.getTime() - 30 * DAY_MS);
    case "all":
      return new Date(0);
    default: {
      const unknown: never = period;
      throw new Error(`unknown usage period ${String(unknown)}`);
    }
  }
}

export interface UsageRow {
  /** A model name, or `total`. */
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageSummary {
  /** One row per model, most expensive first (then by name). */
  rows: UsageRow[];
  total: UsageRow;
  /** The `/batch` jobs among them (a job, or one contributor's share of a pooled job, is one record). */
  batch: { jobs: number; costUsd: number };
  /** Prompt-cache tokens among the input tokens, and what the cache saved (net of the write premium). */
  cache: { readTokens: number; writeTokens: number; savedUsd: number };
  /** Records whose cost is an estimate (a service tier without configured prices). */
  unknownCostRecords: number;
}

export function summarizeUsage(records: readonly UsageRecord[]): UsageSummary {
  const byModel = new Map<string, UsageRow>();
  const total: UsageRow = { model: "total", calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const batch = { jobs: 0, costUsd: 0 };
  const cache = { readTokens: 0, writeTokens: 0, savedUsd: 0 };
  let unknownCostRecords = 0;
  for (const record of records) {
    cache.readTokens += record.cacheReadInputTokens ?? 0;
    cache.writeTokens += record.cacheWriteInputTokens ?? 0;
    cache.savedUsd += record.cacheSavedUsd ?? 0;
    if (record.costKnown === false) unknownCostRecords += 1;
    if (record.kind === "batch") {
      batch.jobs += 1;
      batch.costUsd += record.costUsd;
    }
    const row = byModel.get(record.model) ?? { model: record.model, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    for (const sum of [row, total]) {
      sum.calls += 1;
      sum.inputTokens += record.inputTokens;
      sum.outputTokens += record.outputTokens;
      sum.costUsd += record.costUsd;
    }
    byModel.set(record.model, row);
  }
  const rows = [...byModel.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model));
  return { rows, total, batch, cache, unknownCostRecords };
}
