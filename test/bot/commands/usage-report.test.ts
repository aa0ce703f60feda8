import { describe, expect, it } from "vitest";
import { formatUsageReport } from "../../../src/bot/commands/format-usage-report.ts";
import { summarizeUsage, usagePeriodStart } from "../../../src/bot/commands/summarize-usage.ts";
import type { UsageRecord } from "../../../src/store/chat-settings.ts";

const record = (model: string, inputTokens: number, outputTokens: number, costUsd: number, kind: UsageRecord["kind"] = "chat"): UsageRecord => ({
  at: "2025-03-01T12:00:00.000Z",
  kind,
  userId: "u1",
  guildId: "g1",
  model,
  inputTokens,
  outputTokens,
  costUsd,
});

describe("usagePeriodStart", () => {
  const now = new Date("2025-03-10T15:30:00.000Z");
  it("GIVEN each period THEN midnight UTC today, 7 or 30 days back, or the epoch", () => {
    expect(usagePeriodStart("today", now).toISOString()).toBe("2025-03-10T00:00:00.000Z");
    expect(usagePeriodStart("7d", now).toISOString()).toBe("2025-03-03T15:30:00.000Z");
    expect(usagePeriodStart("30d", now).toISOString()).toBe("2025-02-08T15:30:00.000Z");
    expect(usagePeriodStart("all", now).getTime()).toBe(0);
  });
});

describe("summarizeUsage", () => {
  it("GIVEN records of two models THEN one row per model, most expensive first, and a total", () => {
    const summary = summarizeUsage([record("nova-lite", 100, 50, 0.001), record("claude", 10, 5, 0.5), record("nova-lite", 1, 2, 0.002)]);
    expect(summary.rows).toEqual([
      { model: "claude", calls: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.5 },
      { model: "nova-lite", calls: 2, inputTokens: 101, outputTokens: 52, costUsd: 0.003 },
    ]);
    expect(summary.total).toEqual({ model: "total", calls: 3, inputTokens: 111, outputTokens: 57, costUsd: 0.503 });
    expect(summary.batch).toEqual({ jobs: 0, costUsd: 0 });
  });

  it("GIVEN chat turns and batch jobs of one model THEN they share its row, and the batch jobs are counted apart too", () => {
    const summary = summarizeUsage([record("nova-lite", 100, 50, 0.25), record("nova-lite", 4000, 900, 0.5, "batch"), record("claude", 10, 5, 0.125, "batch")]);
    expect(summary.rows.map((row) => [row.model, row.calls])).toEqual([["nova-lite", 2], ["claude", 1]]);
    expect(summary.batch).toEqual({ jobs: 2, costUsd: 0.625 });
  });
});

describe("formatUsageReport", () => {
  it("GIVEN a summary THEN a heading and an aligned table with a total line", () => {
    const summary = summarizeUsage([record("claude-sonnet-4", 12_345, 678, 1.5), record("nova-lite", 40, 10, 0.0000048)]);
    expect(formatUsageReport({ summary, scope: "me", period: "7d", inGuild: true })).toBe(
      [
        "**Your usage in this server, last 7 days**",
        "```",
        "model            calls  input tokens  output tokens      cost",
        "claude-sonnet-4      1        12,345            678     $1.50",
        "nova-lite            1            40             10  <$0.0001",
        "total                2        12,385            688     $1.50",
        "```",
      ].join("\n"),
    );
  });

  it("GIVEN batch jobs among the records THEN a line under the table says how many and what they cost", () => {
    const summary = summarizeUsage([record("nova-lite", 100, 50, 0.25), record("nova-lite", 4000, 900, 0.5, "batch"), record("nova-lite", 10, 5, 0.0012, "batch")]);
    const report = formatUsageReport({ summary, scope: "me", period: "today", inGuild: true });
    expect(report.split("\n").slice(-2)).toEqual(["```", "Batch jobs: 2, $0.50 (included above)."]);
    expect(formatUsageReport({ summary: summarizeUsage([record("m", 1, 1, 0.2)]), scope: "me", period: "today", inGuild: true })).not.toContain("Batch");
  });

  it("GIVEN each scope and place THEN the heading says whose usage it is", () => {
    const summary = summarizeUsage([record("m", 1, 1, 0.2)]);
    expect(formatUsageReport({ summary, scope: "server", period: "today", inGuild: true })).toMatch(/^\*\*This server's usage, today \(UTC\)\*\*\n/);
    expect(formatUsageReport({ summary, scope: "me", period: "all", inGuild: false })).toMatch(/^\*\*Your usage, all time\*\*\n/);
  });

  it("GIVEN no records THEN it says nothing was recorded", () => {
    expect(formatUsageReport({ summary: summarizeUsage([]), scope: "me", period: "30d", inGuild: true })).toBe("**Your usage in this server, last 30 days**\nNothing recorded.");
  });

  it("GIVEN 40 models with long names THEN 19 rows, the rest folded into one, names cut, far under 2000 characters", () => {
    const records = Array.from({ length: 40 }, (_, i) => record(`model-${String(i).padStart(2, "0")}-${"x".repeat(60)}`, 1_000_000, 1_000_000, 100 - i));
    const report = formatUsageReport({ summary: summarizeUsage(records), scope: "server", period: "all", inGuild: true });
    const lines = report.split("\n");
    expect(lines).toHaveLength(1 + 1 + 1 + 20 + 1 + 1);
    expect(lines[3]).toMatch(/^model-00-x{18}… {2}/);
    expect(lines[22]).toMatch(/^21 other models +21 +21,000,000 +21,000,000 +\$1,?\d+\.\d\d$/);
    expect(lines[23]).toMatch(/^total +40 /);
    expect(report.length).toBeLessThan(2000);
  });
});

describe("/usage: prompt cache and unpriced tiers", () => {
  it("GIVEN records with cache tokens and one on an unpriced tier WHEN reported THEN a cache line and a warning line follow the table", () => {
    const cached: UsageRecord = { ...record("claude", 5_000, 100, 0.004), cacheReadInputTokens: 4_000, cacheWriteInputTokens: 0, cacheSavedUsd: 0.0108 };
    const written: UsageRecord = { ...record("claude", 4_200, 100, 0.0165), cacheReadInputTokens: 0, cacheWriteInputTokens: 4_000, cacheSavedUsd: -0.003 };
    const unpriced: UsageRecord = { ...record("gpt", 10, 10, 0.00001), serviceTier: "priority", costKnown: false };

    const summary = summarizeUsage([cached, written, unpriced]);
    expect(summary.cache).toEqual({ readTokens: 4_000, writeTokens: 4_000, savedUsd: expect.closeTo(0.0078, 10) });
    expect(summary.unknownCostRecords).toBe(1);

    const report = formatUsageReport({ summary, scope: "me", period: "today", inGuild: true });
    expect(report).toContain("\nPrompt cache: 4,000 input tokens read from it, 4,000 written to it; it saved $0.0078.");
    expect(report).toContain("\n⚠️ 1 calls ran on a service tier without configured prices: their cost is estimated at standard prices.");
  });

  it("GIVEN records without cache tokens (older records too) WHEN reported THEN no cache line", () => {
    expect(formatUsageReport({ summary: summarizeUsage([record("m", 1, 1, 0.2)]), scope: "me", period: "today", inGuild: true })).not.toContain("Prompt cache");
  });
});
