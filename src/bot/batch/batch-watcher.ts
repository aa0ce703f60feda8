/**
 * Watches every `/batch` job in the store until its owner has been told how it ended. Started by `attachBedrock` when
 * batch is configured; on start it polls at once, so jobs left running by an earlier process are resumed from the
 * store. Each cycle:
 *
 * 1. `pollBatchJobs` once (Bedrock's state of every job, queued jobs submitted, expired inputs deleted);
 * 2. the status message of each submission is edited while it is young (`decideStatusEdit`: Discord caps edits of
 *    messages older than an hour);
 * 3. each job that ended has its spend recorded in the usage log (`recordNoticeSpend`), then gets its completion
 *    notice through `deliverJobNotice` (both exactly once, whatever process posts it and wherever one dies), in the
 *    submission's channel, replying to the submission with the bot token. A deleted
 *    channel or a lost permission sends it to the owner's DMs instead; when that fails too, the job is marked
 *    undeliverable (logged; `/batch results` still posts it). A job of a full waiting pool gets one notice per
 *    contribution (`<jobName>/<contributionId>`), each with only that contributor's rows, in their channel;
 * 4. waiting pools past their deadline are drained (`expireWaitPools`), drafts nobody added to for `[batch]
 *    draft_ttl_hours` are deleted with their S3 copies (`expireBatchDrafts`), and plans never confirmed are dropped
 *    with their held records (`expirePendingPlans`).
 *
 * The next cycle is scheduled through an injected scheduler: real timers in the bot, none in tests, which call
 * `poll()` themselves after moving the fake Bedrock's clock.
 */
import { SnowflakeUtil, type Client } from "discord.js";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { pollBatchJobs, type PollResult } from "../../bedrock/batch/jobs/poll-batch-jobs.ts";
import type { LoadedConfig } from "../../config/index.ts";
import type { Logger } from "../../create-logger.ts";
import type { UsageRepository } from "../../store/chat-settings.ts";
import type { BotObserver } from "../bot-observer.ts";
import type { BatchRuntime, PooledRun } from "./batch-runtime.ts";
import { deliverJobNotice, type DeliveryOutcome } from "./deliver-job-notice.ts";
import { deliverToOwner } from "./deliver-to-owner.ts";
import { discordNoticeEffects, resolveTarget, type NoticeTarget } from "./discord-notice-effects.ts";
import { expireBatchDrafts } from "./expire-batch-drafts.ts";
import { expireWaitPools } from "./expire-wait-pools.ts";
import { expirePendingPlans } from "./pending-batch-plans.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import { prepareJobNotice, type NoticeShare } from "./prepare-job-notice.ts";
import { recordNoticeSpend } from "./record-batch-usage.ts";
import { renderJobNotice, type JobNoticeInput, type NoticeMessage } from "./render-job-notice.ts";
import { decideStatusEdit, renderJobProgress } from "./render-job-progress.ts";

/** Runs `task` after `ms`; returns a function that cancels it. */
export type BatchScheduler = (task: () => void, ms: number) => () => void;

export interface BatchWatcherOptions {
  /** Default: `setTimeout` (unref'd, so it never keeps the process alive). */
  schedule?: BatchScheduler;
  /** Told of each cycle (duration, job states) and each notice attempt (metrics). */
  observer?: Pick<BotObserver, "pollCycle" | "notice">;
}

export interface BatchWatcher {
  /** One cycle; concurrent calls share the cycle in progress. */
  poll(): Promise<PollResult>;
  /** Polls soon (after a submission). */
  wake(): void;
  /** Cancels the next cycle and waits for the one in progress. */
  stop(): Promise<void>;
}

export interface BatchWatcherDeps {
  client: Client;
  runtime: BatchRuntime;
  config: LoadedConfig;
  logger: Logger;
  /** Where each ended job's spend is recorded (`recordNoticeSpend`), for `/usage` and the daily spend cap. */
  usage: UsageRepository;
}

const realTimers: BatchScheduler = (task, ms) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export function startBatchWatcher(deps: BatchWatcherDeps, options: BatchWatcherOptions = {}): BatchWatcher {
  const schedule = options.schedule ?? realTimers;
  const { runtime, logger } = deps;
  /** What each status message shows now (by message id), so unchanged text is not edited again. */
  const shown = new Map<string, string>();
  let running: Promise<PollResult> | undefined;
  let cancel: (() => void) | undefined;
  let stopped = false;

  const plan = (ms: number) => {
    cancel?.();
    if (stopped) return;
    cancel = schedule(() => {
      watcher.poll().catch((error: unknown) => logger.error({ err: error }, "batch poll failed"));
    }, ms);
  };

  const cycle = async (): Promise<PollResult> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await pollBatchJobs(runtime.pollDeps, runtime.pollSettings);
      await editStatusMessages(result, deps, shown);
      const pending = await notifyEnded(result.rows, deps, options.observer?.notice?.bind(options.observer));
      await expireWaitPools(deps);
      await expireBatchDrafts(deps);
      await expirePendingPlans(deps);
      const base = runtime.pollSettings.basePollSeconds * 1000;
      // No job to poll and no notice to retry: poll at the base pace anyway, for jobs another instance submits.
      plan(pending ? Math.min(result.nextPollMs ?? base, base) : (result.nextPollMs ?? base));
      options.observer?.pollCycle?.({ seconds: seconds(), jobStates: result.rows.map((row) => row.state) });
      return result;
    } catch (error) {
      options.observer?.pollCycle?.({ seconds: seconds() });
      plan(runtime.pollSettings.basePollSeconds * 1000);
      throw error;
    }
  };

  const watcher: BatchWatcher = {
    poll() {
      running ??= cycle().finally(() => {
        running = undefined;
      });
      return running;
    },
    wake() {
      plan(0);
    },
    async stop() {
      stopped = true;
      delete runtime.wakeWatcher;
      cancel?.();
      await running?.catch(() => undefined);
    },
  };
  runtime.wakeWatcher = () => watcher.wake();
  watcher.poll().catch((error: unknown) => logger.error({ err: error }, "batch poll failed"));
  return watcher;
}

/** Status messages of submissions with a job still running, or one that just ended. */
async function editStatusMessages(result: PollResult, deps: BatchWatcherDeps, shown: Map<string, string>): Promise<void> {
  const changed = new Set(result.changed);
  const bySubmission = new Map<string, BatchJobRow[]>();
  for (const row of result.rows) {
    const messageId = row.owner?.messageId;
    if (messageId === undefined) continue;
    bySubmission.set(messageId, [...(bySubmission.get(messageId) ?? []), row]);
  }
  const now = deps.runtime.pollDeps.now();
  for (const [messageId, rows] of bySubmission) {
    if (!rows.some((row) => !jobStateTraits(row.state).terminal || changed.has(row.jobName))) continue;
    const next = rows.map((row) => renderJobProgress({ jobName: row.jobName, model: row.model, state: row.state, ...optional(row), now })).join("\n\n");
    const postedAt = new Date(Number(SnowflakeUtil.timestampFrom(messageId))).toISOString();
    if (decideStatusEdit({ postedAt, now, shown: shown.get(messageId) ?? "", next }) !== "edit") continue;
    const owner = rows[0]?.owner;
    const channelId = owner?.threadId ?? owner?.channelId;
    if (channelId === undefined) continue;
    try {
      const channel = await resolveTarget(deps.client, { kind: "channel", channelId });
      await channel.messages.edit(messageId, { content: next });
      shown.set(messageId, next);
    } catch (error) {
      // The status message is a courtesy: the completion notice is what must arrive.
      shown.set(messageId, next);
      deps.logger.warn({ err: error, messageId }, "could not edit a batch status message");
    }
  }
}

function optional(row: BatchJobRow) {
  return {
    startedAt: row.submittedAt ?? row.createdAt,
    ...(row.counters === undefined ? {} : { counters: row.counters }),
    ...(row.message === undefined ? {} : { message: row.message }),
  };
}

/** Delivers the notices of ended jobs; true when one must be tried again later. */
async function notifyEnded(rows: readonly BatchJobRow[], deps: BatchWatcherDeps, observe?: (outcome: string) => void): Promise<boolean> {
  let pending = false;
  for (const row of rows) {
    if (row.owner === undefined || !jobStateTraits(row.state).terminal) continue;
    const pooled = await deps.runtime.pooledRuns.get(row.runId);
    const shares = pooled === undefined ? [undefined] : sharesOf(pooled, row);
    for (const share of shares) {
      const record = await deps.runtime.notices.get(noticeIdOf(row.jobName, share?.contributionId));
      if (record?.receipt !== undefined || record?.undeliverable !== undefined) continue;
      try {
        const outcome = await notifyJob(row, deps, share);
        observe?.(outcome.outcome);
        if (outcome.outcome === "claimed_elsewhere") pending = true;
      } catch (error) {
        observe?.("failed");
        pending = true;
        deps.logger.error({ err: error, jobName: row.jobName }, "could not post a batch completion notice; retrying on the next poll");
      }
    }
  }
  return pending;
}

/** The contributors of a pooled run whose records are in this job, each with the part of the job that is theirs. */
export function sharesOf(pooled: PooledRun, row: BatchJobRow): NoticeShare[] {
  return pooled.shares.flatMap(({ contribution, start, end }) => {
    const from = Math.max(start, row.recordRange.start);
    const to = Math.min(end, row.recordRange.end);
    if (from >= to) return [];
    return [{ contributionId: contribution.id, owner: contribution.owner, start: from, end: to }];
  });
}

/** A job's notice (or one share's): its spend recorded, then the notice delivered, both once. */
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

