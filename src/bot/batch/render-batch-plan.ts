/**
 * A planned `/batch submit` -> the reply that asks for Confirm: records, inputs skipped and why, jobs, what happens
 * under the model's minimum, and the estimated cost at the batch price against on demand. Pure.
 *
 *     📋 Batch plan on **nova-lite**: 150 records from 150 inputs → 1 job
 *     Policy: batch — 150 records, at least 100 per job.
 *     Estimated cost: $0.0123 at the batch price (on demand: $0.0246)
 *     Schema **person**, in the system prompt (…): columns name, age; answers that do not validate are marked.
 *     Skipped 2: • photos.zip: setup.exe: unsupported file type …
 */
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { DISCORD_MESSAGE_LIMIT } from "../render/split-message.ts";

const LISTED_SKIPPED = 10;
const SKIPPED_LINE_CHARS = 160;

export function renderBatchPlan(plan: BatchPlan, options: { confirm: boolean }): string {
  const { counts, decision, estimate } = plan;
  const jobs = plan.jobs.length;
  const lines = [
    `📋 Batch plan on **${plan.model.name}**: ${count(counts.records)} record${counts.records === 1 ? "" : "s"} from ${count(counts.inputs)} input${counts.inputs === 1 ? "" : "s"}${jobs > 0 ? ` → ${jobs} batch job${jobs === 1 ? "" : "s"}` : ""}`,
    `Policy: **${decision.action}** — ${decision.reason}`,
    `Estimated cost: ${formatUsd(estimate.batchUsd)} at the batch price (on demand: ${formatUsd(estimate.onDemandUsd)})${estimate.outputBasis === "max_tokens" ? ", output at max_tokens" : ""}`,
  ];
  const schema = plan.outputSchema;
  if (schema !== undefined) {
    const how = schema.native ? "as Converse structured output" : "in the system prompt (this model has no structured output)";
    lines.push(clip(`Schema **${schema.name}**, ${how}: columns ${schema.properties.join(", ")}; answers that do not validate are marked.`));
  }
  if (plan.skipped.length > 0) {
    lines.push(`Skipped ${count(plan.skipped.length)}:`);
    for (const skipped of plan.skipped.slice(0, LISTED_SKIPPED)) lines.push(clip(`• ${skipped.input}: ${skipped.reason}`));
    if (plan.skipped.length > LISTED_SKIPPED) lines.push(`…and ${count(plan.skipped.length - LISTED_SKIPPED)} more, listed in the results.`);
  }
  if (options.confirm && decision.action !== "reject") lines.push("Nothing is spent until you press **Confirm**.");
  const text = lines.join("\n");
  return text.length <= DISCORD_MESSAGE_LIMIT ? text : `${text.slice(0, DISCORD_MESSAGE_LIMIT - 1)}…`;
}

function clip(line: string): string {
  return line.length <= SKIPPED_LINE_CHARS ? line : `${line.slice(0, SKIPPED_LINE_CHARS - 1)}…`;
}

const count = (n: number): string => n.toLocaleString("en-US");
