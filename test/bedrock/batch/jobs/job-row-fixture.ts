/** A job row as `buildJobRow` makes it, for tests that need one. */
import type { BatchJobRow } from "../../../../src/bedrock/batch/jobs/batch-job-row.ts";
import { runLayout } from "../../../../src/bedrock/batch/jobs/batch-layout.ts";
import { buildJobRow } from "../../../../src/bedrock/batch/jobs/build-job-row.ts";

export function jobRow(overrides: { runId?: string; index?: number; model?: string; state?: "queued" | "submitting"; createdAt?: Date } = {}): BatchJobRow {
  const runId = overrides.runId ?? "run-1";
  return buildJobRow({
    runId,
    index: overrides.index ?? 1,
    layout: runLayout("bucket", "bot/", runId),
    provider: "fake",
    model: { name: overrides.model ?? "haiku", model_identifier: "anthropic.claude-3-5-haiku-20241022-v1:0" },
    invocationType: "Converse",
    roleArn: "arn:aws:iam::123456789012:role/BedrockBatchRole",
    timeoutHours: 72,
    recordRange: { start: 0, end: 100 },
    state: overrides.state ?? "submitting",
    now: overrides.createdAt ?? new Date("2025-03-01T10:00:00Z"),
  });
}
