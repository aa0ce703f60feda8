/** What the batch subcommands print for people (JSON output is the core's objects as they are). Pure. */
import type { BatchJobRow } from "../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../bedrock/batch/jobs/job-state.ts";
import type { PlanSummary } from "../bedrock/batch/run/plan-summary.ts";
import type { CollectedBatchResults } from "../bedrock/batch/results/collect-batch-results.ts";
import { formatUsd } from "../format/format-usd.ts";
import { renderProgressBar } from "./batch-progress-bar.ts";

export function describePlan(plan: PlanSummary): string[] {
  const lines = [
    `${plan.model} (${plan.modelId}), ${plan.invocationType} records`,
    `inputs ${plan.inputs} = records ${plan.records} + skipped ${plan.skipped.length}`,
    ...plan.skipped.map((skipped) => `  skipped ${skipped.input}: ${skipped.reason}`),
    `${plan.policy}: ${plan.reason}`,
    ...plan.jobs.map((job) => `  job ${job.index}: ${job.records} records in ${job.files.length} file${job.files.length === 1 ? "" : "s"}, ${job.bytes} bytes`),
  ];
  const cost = plan.estimatedCost;
  const output = cost.outputBasis === "none" ? "" : `, output ${cost.outputBasis === "max_tokens" ? "at most" : "about"} ${cost.outputTokens} tokens`;
  lines.push(
    `estimated cost: ${formatUsd(cost.chosenUsd)} (batch ${formatUsd(cost.batchUsd)}, on demand ${formatUsd(cost.onDemandUsd)}; input ~${cost.inputTokens} tokens${output})`,
  );
  return lines;
}

/** `bdb-...-1  InProgress  [#####---------------] 60/250 24%  (58 ok, 2 failed)` and Bedrock's message below. */
export function describeJob(row: BatchJobRow): string[] {
  const counters = row.counters;
  const progress = counters === undefined || counters.total === 0 ? "" : `  ${renderProgressBar(counters.processed, counters.total)}  (${counters.succeeded} ok, ${counters.failed} failed)`;
  const lines = [`${row.jobName}  ${row.state} (${jobStateTraits(row.state).label})${progress}`];
  if (row.jobArn !== undefined) lines.push(`  ${row.jobArn}`);
  if (row.message !== undefined) lines.push(`  ${row.message}`);
  return lines;
}

export function describeResults(collected: CollectedBatchResults, jobs: readonly BatchJobRow[] = []): string[] {
  const { counts, tokens, warnings } = collected.results;
  const lines = [
    `results: ${Object.values(collected.files).join(", ")}`,
    `inputs ${counts.inputs} = records ${counts.records} + skipped ${counts.skipped}; records: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.notProcessed} not processed`,
    `tokens: ${tokens.inputTokens} in / ${tokens.outputTokens} out (from ${tokens.source})`,
  ];
  const { cost } = collected;
  if (cost !== undefined) {
    lines.push(`cost: ${formatUsd(cost.batchUsd)} at the batch price (${formatUsd(cost.onDemandUsd)} on demand, saved ${formatUsd(cost.savingUsd)})`);
  }
  for (const row of jobs) {
    if (row.message !== undefined) lines.push(`${row.jobName} ${row.state}: ${row.message}`);
  }
  lines.push(...warnings.map((warning) => `warning: ${warning}`));
  return lines;
}
