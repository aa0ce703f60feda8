/**
 * One completion notice of an ended job (or of one contributor's share of a pooled job): its spend recorded in the
 * usage log, then the notice delivered, both exactly once (`recordNoticeSpend` under the notice's lease, then
 * `deliverJobNotice`), to the channel or, when the channel refuses, to the owner's DMs (`deliverToOwner`).
 */
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import type { BatchWatcherDeps } from "./batch-runtime-types.ts";
import { deliverJobNotice, type DeliveryOutcome } from "./deliver-job-notice.ts";
import { deliverToOwner } from "./deliver-to-owner.ts";
import { discordNoticeEffects, type NoticeTarget } from "./discord-notice-effects.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import { prepareJobNotice, type NoticeShare } from "./prepare-job-notice.ts";
import { recordNoticeSpend } from "./record-batch-usage.ts";
import { renderJobNotice, type JobNoticeInput, type NoticeMessage } from "./render-job-notice.ts";

export async function notifyJob(row: BatchJobRow, deps: BatchWatcherDeps, share?: NoticeShare): Promise<DeliveryOutcome | { outcome: "undeliverable" }> {
  const owner = share?.owner ?? row.owner;
  if (owner === undefined) throw new Error(`job ${row.jobName} has no owner`);
  const noticeId = noticeIdOf(row.jobName, share?.contributionId);
  // Collected once per attempt and target kind: the usage record and the channel's notice show the same results; a
  // DM fallback is prepared again because its upload limit is the default, not a boosted guild's.
  const prepared = new Map<NoticeTarget["kind"], Promise<JobNoticeInput>>();
  const prepare = (kind: NoticeTarget["kind"] = "channel") => memo(prepared, kind, () => prepareJobNotice(row, deps.runtime, deps.config, share, kind));
  const rendered = new Map<NoticeTarget["kind"], Promise<NoticeMessage[]>>();
  const render = (target: NoticeTarget) => memo(rendered, target.kind, () => prepare(target.kind).then(renderJobNotice));
  const effects = { ...discordNoticeEffects(deps.client, deps.runtime, render), beforeDelivery: () => recordNoticeSpend({ noticeId, owner, prepare }, deps) };
  return deliverToOwner(owner, noticeId, (target) => deliverJobNotice({ noticeId, target }, effects, { instanceId: deps.runtime.instanceId }), deps);
}

function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  cache.set(key, made);
  return made;
}
