/**
 * A finished job's spend in the usage log, the records `/usage` sums and the daily spend cap counts: one record per
 * notice (the job, or one contributor's share of a pooled job: the notice's results are already that share's), kind
 * `batch`, at the batch price of the tokens its results report, on the day the job ended.
 *
 * Exactly once, whatever retries, restarts, re-posts or instances do: the record is kept under the notice id
 * (`UsageRepository.recordOnce`), and it is written in the notice's `beforeDelivery`, under the lease
 * `deliverJobNotice` holds while it collects the results and posts them, so two instances never race on the record.
 * The spend is recorded BEFORE the notice goes out, so a crash after posting cannot lose it; a crash between the record and the guild's daily counter
 * (inside `recordOnce`) leaves the record in `/usage` but under-counts the cap that day, as for a chat turn.
 */
import type { JobOwner } from "../../store/job-owner.ts";
import type { OnDemandOutcome } from "../../bedrock/batch/run/run-on-demand.ts";
import type { ModelConfig } from "../../config/schema.ts";
import type { UsageRecord, UsageRepository } from "../../store/chat-settings.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";
import type { JobNoticeInput } from "./render-job-notice.ts";

/** The usage record of a notice; none when the job left no results (Failed, Expired, refused: nothing was billed). */
function batchUsageRecord(input: JobNoticeInput, owner: JobOwner, now: Date): UsageRecord | undefined {
  const { results } = input;
  if (results === undefined) return undefined;
  return batchRecord(owner, {
    at: input.endedAt ?? now.toISOString(),
    model: input.model,
    inputTokens: results.tokens.inputTokens,
    outputTokens: results.tokens.outputTokens,
    // A model without prices has no cost: its tokens are still counted.
    costUsd: results.cost?.batchUsd ?? 0,
  });
}

/**
 * The usage record of records answered on demand (policy `on_demand`, or a waiting pool's deadline): no batch
 * discount; each call priced at the tier that served it (flex where the model took it).
 */
export function onDemandUsageRecord(model: ModelConfig, outcome: OnDemandOutcome, owner: JobOwner, now: Date): UsageRecord {
  const { manifest } = outcome;
  return batchRecord(owner, {
    at: now.toISOString(),
    model: model.name,
    inputTokens: manifest.inputTokenCount,
    outputTokens: manifest.outputTokenCount,
    ...(outcome.serviceTiers.length === 0 ? {} : { serviceTier: outcome.serviceTiers.join("+") }),
    ...(outcome.costKnown ? {} : { costKnown: false as const }),
    costUsd: outcome.costUsd,
  });
}

/** A `batch` record billed to `owner`, in their guild and channel. */
function batchRecord(owner: JobOwner, spent: Pick<UsageRecord, "at" | "model" | "inputTokens" | "outputTokens" | "costUsd" | "serviceTier" | "costKnown">): UsageRecord {
  return {
    kind: "batch",
    userId: owner.userId,
    ...(owner.guildId === undefined ? {} : { guildId: owner.guildId }),
    ...(owner.channelId === undefined ? {} : { channelId: owner.channelId }),
    ...spent,
  };
}

/**
 * Records a notice's spend once (under its notice id). Meant for the notice's `beforeDelivery`: it runs under the
 * notice's lease, before any part is posted.
 */
export async function recordNoticeSpend(
  notice: { noticeId: string; owner: JobOwner; prepare: () => Promise<JobNoticeInput> },
  deps: { usage: UsageRepository; runtime: Pick<BatchRuntime, "now"> },
): Promise<void> {
  const entry = batchUsageRecord(await notice.prepare(), notice.owner, deps.runtime.now());
  if (entry !== undefined) await deps.usage.recordOnce(notice.noticeId, entry);
}
