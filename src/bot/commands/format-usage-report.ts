/**
 * The `/usage` reply: a heading, then a monospace table of calls, tokens and cost per model with a total line, and
 * what the `/batch` jobs among them came to. Stays far below Discord's 2000 characters: at most MAX_MODEL_ROWS models
 * (the rest summed into one line), names cut.
 */
import { formatUsd } from "../../format/format-usd.ts";
import type { UsagePeriod, UsageScope } from "./command-definitions.ts";
import type { UsageRow, UsageSummary } from "./summarize-usage.ts";

/** 20 rows of at most ~70 characters: about 1,500 characters with heading and fences. */
const MAX_MODEL_ROWS = 20;
const MAX_MODEL_COLUMN = 28;

const PERIOD_LABELS = {
  today: "today (UTC)",
  "7d": "last 7 days",
  "30d": "last 30 days",
  all: "all time",
} satisfies Record<UsagePeriod, string>;

export interface UsageReportInput {
  summary: UsageSummary;
  scope: UsageScope;
  period: UsagePeriod;
  /** Whether the records are one server's (a command in a server) or from everywhere (a DM). */
  inGuild: boolean;
}

export function formatUsageReport({ summary, scope, period, inGuild }: UsageReportInput): string {
  const whose = scope === "server" ? "This server's usage" : inGuild ? "Your usage in this server" : "Your usage";
  const heading = `**${whose}, ${PERIOD_LABELS[period]}**`;
  if (summary.total.calls === 0) return `${heading}\nNothing recorded.`;
  const rows = foldExtraRows(summary.rows);
  const table = formatTable([
    ["model", "calls", "input tokens", "output tokens", "cost"],
    ...[...rows, summary.total].map((row) => [
      cut(row.model, MAX_MODEL_COLUMN),
      count(row.calls),
      count(row.inputTokens),
      count(row.outputTokens),
      formatUsd(row.costUsd),
    ]),
  ]);
  const { batch } = summary;
  // Batch jobs are in the rows (one call each, at the batch price); this line says how much of it they were.
  const batchLine = batch.jobs === 0 ? "" : `\nBatch jobs: ${count(batch.jobs)}, ${formatUsd(batch.costUsd)} (included above).`;
  return `${heading}\n\`\`\`\n${table}\n\`\`\`${batchLine}${cacheLine(summary)}${unknownLine(summary)}`;
}

/** Cached tokens are part of "input tokens" above; this says how many, and what caching saved. */
function cacheLine({ cache }: UsageSummary): string {
  if (cache.readTokens === 0 && cache.writeTokens === 0) return "";
  const saved = cache.savedUsd >= 0 ? `saved ${formatUsd(cache.savedUsd)}` : `cost ${formatUsd(-cache.savedUsd)} more than it saved`;
  return `\nPrompt cache: ${count(cache.readTokens)} input tokens read from it, ${count(cache.writeTokens)} written to it; it ${saved}.`;
}

function unknownLine({ unknownCostRecords }: UsageSummary): string {
  if (unknownCostRecords === 0) return "";
  return `\n⚠️ ${count(unknownCostRecords)} calls ran on a service tier without configured prices: their cost is estimated at standard prices.`;
}

/** Past MAX_MODEL_ROWS, the cheapest models become one `N other models` row. */
function foldExtraRows(rows: readonly UsageRow[]): UsageRow[] {
  if (rows.length <= MAX_MODEL_ROWS) return [...rows];
  const kept = rows.slice(0, MAX_MODEL_ROWS - 1);
  const rest = rows.slice(MAX_MODEL_ROWS - 1);
  const other: UsageRow = { model: `${rest.length} other models`, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const row of rest) {
    other.calls += row.calls;
    other.inputTokens += row.inputTokens;
    other.outputTokens += row.outputTokens;
    other.costUsd += row.costUsd;
  }
  return [...kept, other];
}

/** First column left-aligned, the numbers right-aligned, two spaces between columns. */
function formatTable(lines: readonly string[][]): string {
  const widths = lines[0]?.map((_, column) => Math.max(...lines.map((cells) => (cells[column] ?? "").length))) ?? [];
  return lines
    .map((cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  "))
    .join("\n");
}

const count = (n: number): string => n.toLocaleString("en-US");
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
