/**
 * Watches every open `/batch` submission until its owner has been told how it ended. Started by `attachBedrock` when
 * batch is configured; on start it polls at once, so submissions left by an earlier process are resumed from the
 * store. Each cycle reads the open submissions only (an index, not a scan of the bot's history):
 *
 * 1. `pollBatchJobs` over their jobs (Bedrock's state of each, queued jobs submitted);
 * 2. the status message of each submission is edited while it is young (`decideStatusEdit`: Discord caps edits of
 *    messages older than an hour);
 * 3. `advanceSubmissions`: each submission moves through the lifecycle's runner — pending effects resumed, plans past
 *    their Confirm time expired, ended jobs' notices delivered (spend recorded, then the notice, exactly once each,
 *    in the submission's channel or else the owner's DMs; a contributor to a pooled job gets only their rows);
 * 4. waiting pools past their deadline are drained (`expireWaitPools`), drafts nobody added to for `[batch]
 *    draft_ttl_hours` are deleted with their S3 copies (`expireBatchDrafts`), inputs of finished jobs past `[batch]
 *    retention_days` are deleted (`deleteDueInputs`), and submissions finished more than `[batch]
 *    keep_finished_days` ago are forgotten (`purgeFinishedSubmissions`).
 *
 * The cycles run on the batch queues (`queues/batch-queues.ts`): on Redis a BullMQ job scheduler with a fixed id makes
 * one cycle per interval for every bot process on that Redis, and the queue's global concurrency of 1 keeps two
 * cycles from running at once anywhere; on sqlite the same happens in this process on timers. Pacing stays adaptive:
 * each cycle sets the next interval (`pace`) from its jobs (`nextPollMs`), on Redis by upserting the fleet's scheduler.
 * Step 3's submissions move on as advance jobs, which any process's worker may run; the cycle waits for each job's
 * next attempt, so what it reports is what happened.
 *
 * `poll()` adds a cycle job and waits for it to finish rather than running the cycle directly: a direct run would
 * need a lease of its own to stay apart from the scheduler's cycles in other processes, and the queue already is that
 * guard. Tests inject a scheduler that never runs anything (no periodic cycle, no wake), then move the fake Bedrock's
 * clock and call `poll()`: a cycle started after the call, wherever it ran, has finished when it resolves.
 */
import { SnowflakeUtil } from "discord.js";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { pollBatchJobs, type PollResult } from "../../bedrock/batch/jobs/poll-batch-jobs.ts";
import { applySubmissionEvent, resumeSubmission, type TellSubmission } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { advanceSubmissions, jobRowsOfOpen } from "./advance-submissions.ts";
import { advancePipelines } from "./advance-pipelines.ts";
import type { Pipeline } from "../../bedrock/batch/pipeline/pipeline.ts";
import { renderPipelineProgress } from "./render-pipeline-progress.ts";
import type { AdvanceSubmission, BatchWatcherDeps } from "./batch-runtime-types.ts";
import { SubmissionBusyError, type BatchQueues, type BatchScheduler } from "./queues/batch-queues.ts";
import { openBatchQueues } from "./queues/open-batch-queues.ts";
import { resolveTarget } from "./discord-notice-effects.ts";
import type { BotObserver } from "../bot-observer.ts";
import { expireBatchDrafts } from "./expire-batch-drafts.ts";
import { expireWaitPools } from "./expire-wait-pools.ts";
import { deleteDueInputs, scheduleFinishedInputs } from "./input-retention.ts";
import { purgeFinishedSubmissions } from "./purge-finished-submissions.ts";
import { decideStatusEdit, renderJobProgress } from "./render-job-progress.ts";
import { submissionRunnerOf } from "./submission-effects.ts";

export interface BatchWatcherOptions {
  /**
   * Injected timers (tests): no periodic cycle then, and wakes go through it. Default: real timers (unref'd) and, on
   * Redis, the fleet's BullMQ job scheduler.
   */
  schedule?: BatchScheduler;
  /** Told of each cycle (duration, job states) and each notice attempt (metrics). */
  observer?: Pick<BotObserver, "pollCycle" | "notice">;
}

export interface BatchWatcher {
  /** A cycle that started after this call ran and finished (here, or in another process on the same Redis). */
  poll(): Promise<PollResult>;
  /** Polls soon (after a submission); many wakes before the cycle starts make one cycle. */
  wake(): void;
  /** Stops this process's workers (the cycle and advances in progress here finish first). */
  stop(): Promise<void>;
  /** Which queues run the work: `bullmq` (shared by the processes on one Redis) or `in-process`. */
  queues(): Promise<BatchQueues["kind"]>;
}

export function startBatchWatcher(deps: BatchWatcherDeps, options: BatchWatcherOptions = {}): BatchWatcher {
  const { runtime, logger } = deps;
  /** What each status message shows now (by message id), so unchanged text is not edited again. */
  const shown = new Map<string, string>();
  const runner = submissionRunnerOf(deps, options.observer?.notice?.bind(options.observer));
  const tell: TellSubmission = (id, event) => applySubmissionEvent(runner, id, event);
  const base = runtime.pollSettings.basePollSeconds * 1000;
  let queues: BatchQueues | undefined;

  const advance: AdvanceSubmission = (key, job) => {
    if (queues === undefined) throw new Error("the batch queues are not open yet");
    return queues.advances.advance(key, job);
  };
  const cycle = async (): Promise<PollResult> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const open = await runtime.submissions.open();
      const result = await pollBatchJobs(runtime.pollDeps, runtime.pollSettings, await jobRowsOfOpen(open, runtime.store));
      await editStatusMessages(result, deps, shown);
      const pendingSubmissions = await advanceSubmissions(open, result.rows, { advance, now: runtime.now, logger, runOf: (runId) => runtime.store.runs.get(runId), pools: () => runtime.pools.all(), onFinished: (submission) => scheduleFinishedInputs(submission, runtime) });
      // After the submissions: a stage that just ended starts the next one in the same cycle.
      const pending = (await advancePipelines({ ...deps, runner })) || pendingSubmissions;
      await expireWaitPools(deps, tell);
      await expireBatchDrafts(deps);
      await deleteDueInputs(runtime);
      await purgeFinishedSubmissions(deps);
      logger.debug({ open: open.length, jobs: result.rows.length, changed: result.changed.length, unfinished: pending }, "batch cycle done");
      // No job to poll and no notice to retry: poll at the base pace anyway, for jobs another instance submits.
      await pace(pending ? Math.min(result.nextPollMs ?? base, base) : (result.nextPollMs ?? base));
      options.observer?.pollCycle?.({ seconds: seconds(), jobStates: result.rows.map((row) => row.state) });
      return result;
    } catch (error) {
      options.observer?.pollCycle?.({ seconds: seconds() });
      await pace(base);
      throw error;
    }
  };
  const pace = (ms: number) => queues?.cycles.pace(ms).catch((error: unknown) => logger.error({ err: error }, "could not pace the batch poll")) ?? Promise.resolve();

  const opened = openBatchQueues(
    runtime.location,
    {
      cycle,
      async advance({ submissionId, event }) {
        const outcome = event === undefined ? await resumeSubmission(runner, submissionId) : await applySubmissionEvent(runner, submissionId, event);
        if (outcome.outcome === "busy") throw new SubmissionBusyError();
        return outcome;
      },
    },
    { everyMs: base, logger, ...(options.schedule === undefined ? {} : { schedule: options.schedule }) },
  ).then((open) => {
    queues = open;
    runtime.advanceSubmission = advance;
    return open;
  });
  let stopped = false;

  const watcher: BatchWatcher = {
    async poll() {
      return (await opened).cycles.runNow();
    },
    wake() {
      if (!stopped) void opened.then((open) => open.cycles.wake(), () => undefined);
    },
    async stop() {
      stopped = true;
      delete runtime.wakeWatcher;
      delete runtime.advanceSubmission;
      await (await opened.catch(() => undefined))?.close();
    },
    async queues() {
      return (await opened).kind;
    },
  };
  runtime.wakeWatcher = () => watcher.wake();
  // Submissions left by an earlier process are resumed at once.
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
  const now = deps.runtime.now();
  const pipelines = bySubmission.size === 0 ? new Map<string, Pipeline>() : await pipelinesByRun(deps);
  for (const [messageId, rows] of bySubmission) {
    if (!rows.some((row) => !jobStateTraits(row.state).terminal || changed.has(row.jobName))) continue;
    const jobs = rows.map((row) => renderJobProgress({ jobName: row.jobName, model: row.model, state: row.state, ...optional(row), now })).join("\n\n");
    // A pipeline's stage: the stages' lines first, then the current stage's jobs.
    const pipeline = pipelines.get(rows[0]?.runId ?? "");
    const next = pipeline === undefined ? jobs : `${renderPipelineProgress(pipeline, pipeline.runs[0]?.model ?? "")}\n\n${jobs}`;
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

/** Running pipelines by the run id of each of their stages. */
async function pipelinesByRun(deps: BatchWatcherDeps): Promise<Map<string, Pipeline>> {
  const byRun = new Map<string, Pipeline>();
  for (const pipeline of await deps.runtime.pipelines.running()) for (const run of pipeline.runs) byRun.set(run.submissionId, pipeline);
  return byRun;
}

function optional(row: BatchJobRow) {
  return {
    startedAt: row.submittedAt ?? row.createdAt,
    ...(row.counters === undefined ? {} : { counters: row.counters }),
    ...(row.message === undefined ? {} : { message: row.message }),
  };
}
