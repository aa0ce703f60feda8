/**
 * How the bot does each effect the `/batch` lifecycle asks for (`SubmissionEffect`), and the runner deps that go
 * with them. Every effect is safe to repeat, by the key the submission fixes:
 *
 * - `submit_run`: the run id is the submission's id, so job names and clientRequestTokens are the same on every
 *   attempt (Bedrock answers a repeated Create with the job it has); records answered on demand are billed under the
 *   submission's id (`recordOnce`); a pool contribution's id is the submission's id too.
 * - `delete_held_records`, `clear_draft`: deleting what is already gone does nothing.
 * - `notify`: the exactly-once notice protocol (`deliverJobNotice`: lease, marker scan, post what is missing,
 *   receipt), with the spend recorded once under the notice id before anything is posted. A pipeline's stage only
 *   records its spend: the pipeline posts one notice for all its stages (`advance-pipelines.ts`).
 */
import { join } from "node:path";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { killPointFromEnv } from "../../bedrock/batch/lifecycle/kill-point.ts";
import { applySubmissionEvent, type EffectOutcome, type SubmissionRunnerDeps, type TellSubmission } from "../../bedrock/batch/lifecycle/run-submission.ts";
import type { Submission, SubmissionEffect } from "../../bedrock/batch/lifecycle/submission.ts";
import { submitBatchRun } from "../../bedrock/batch/run/submit-batch-run.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { findModel } from "../../config/index.ts";
import { removeFromDraft } from "./batch-drafts.ts";
import { draftAccessOf } from "./batch-runtime.ts";
import type { BatchWatcherDeps } from "./batch-runtime-types.ts";
import { joinWaitPool } from "./join-wait-pool.ts";
import { heldPlaceOf } from "./plan-submission.ts";
import { planFromHeldRecords } from "./plan-from-held-records.ts";
import { deleteHeldRecords } from "./pool-held-records.ts";
import { onDemandUsageRecord, recordNoticeSpend } from "./record-batch-usage.ts";
import { prepareJobNotice } from "./prepare-job-notice.ts";
import { notifyJob } from "./notify-job.ts";

/** What `submit_run` did, for the reply under the plan. */
export type SubmitRunOutput =
  | { action: "batch"; jobs: BatchJobRow[] }
  | { action: "on_demand"; succeeded: number; records: number; costUsd: number; costKnown: boolean; serviceTiers: string[]; notes: string[]; csv?: string }
  | { action: "wait"; told: string }
  | { action: "refused"; reason: string };

/** The lifecycle's runner, doing effects through the bot's clients and stores. */
/** `observeNotice`: told how each notice attempt ended (metrics). */
export function submissionRunnerOf(deps: BatchWatcherDeps, observeNotice?: (outcome: string) => void): SubmissionRunnerDeps {
  const { runtime } = deps;
  const killPoint = killPointFromEnv();
  const runner: SubmissionRunnerDeps = {
    submissions: runtime.submissions,
    leases: runtime.leases,
    instanceId: runtime.instanceId,
    now: runtime.now,
    execute: (effect, submission) => executeEffect(effect, submission, deps, tell, observeNotice),
    ...(killPoint === undefined ? {} : { killPoint }),
  };
  const tell: TellSubmission = (id, event) => applySubmissionEvent(runner, id, event);
  return runner;
}

/** `tell` bound to the bot's runner. */
export function tellSubmissionOf(deps: BatchWatcherDeps): TellSubmission {
  const runner = submissionRunnerOf(deps);
  return (id, event) => applySubmissionEvent(runner, id, event);
}

async function executeEffect(effect: SubmissionEffect, submission: Submission, deps: BatchWatcherDeps, tell: TellSubmission, observeNotice?: (outcome: string) => void): Promise<EffectOutcome> {
  switch (effect.kind) {
    case "submit_run":
      return submitRun(submission, deps, tell);
    case "delete_held_records":
      if (submission.heldRunId !== undefined) await deleteHeldRecords(heldPlaceOf(deps.runtime, deps.config.data.batch, submission.provider), submission.heldRunId);
      return {};
    case "clear_draft":
      // The job has its own copy of the inputs now; the draft's copies can go.
      if (submission.fromDraft !== undefined) await removeFromDraft(draftAccessOf(deps.runtime, deps.config), submission.fromDraft);
      return {};
    case "notify":
      try {
        const { observed, outcome } = await notify(submission, effect.noticeId, deps);
        observeNotice?.(observed);
        return outcome;
      } catch (error) {
        observeNotice?.("failed");
        throw error;
      }
    default: {
      const unexpected: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(unexpected)}`);
    }
  }
}

async function submitRun(submission: Submission, deps: BatchWatcherDeps, tell: TellSubmission): Promise<EffectOutcome> {
  const { runtime, config } = deps;
  const { owner, figures, heldRunId } = submission;
  const refused = (reason: string): EffectOutcome => ({ event: { type: "refused", reason }, output: { action: "refused", reason } satisfies SubmitRunOutput });
  const model = findModel(config, submission.model);
  if (model === undefined) return refused(`the model ${submission.model} is no longer set up on this bot.`);
  if (figures === undefined || heldRunId === undefined || owner === undefined) throw new Error(`submission ${submission.id} has no held plan to submit`);
  const place = heldPlaceOf(runtime, config.data.batch, submission.provider);
  const plan = await planFromHeldRecords(place, heldRunId, figures, model);
  const provider = submission.provider;
  try {
    const submitted = await submitBatchRun({
      plan,
      runId: submission.id,
      provider,
      batch: config.data.batch,
      clients: { control: runtime.control(provider), s3: runtime.s3(provider), converse: runtime.converse(provider) },
      store: runtime.store,
      now: runtime.now,
      owner,
      outDir: join(runtime.workDir, "bdb-results", submission.id),
    });
    switch (submitted.action) {
      case "batch":
        runtime.wakeWatcher?.();
        return { event: { type: "jobs_created", runId: submission.id, jobNames: submitted.jobs.map((row) => row.jobName) }, output: { action: "batch", jobs: submitted.jobs } satisfies SubmitRunOutput };
      case "on_demand": {
        // Spent already: recorded (once, under the submission's id) before anything else can fail.
        await deps.usage.recordOnce(`on-demand/${submission.id}`, onDemandUsageRecord(plan.model, submitted, owner, runtime.now()));
        const csv = submitted.collected.files.csv;
        const { costUsd, costKnown, serviceTiers, notes } = submitted;
        const succeeded = submitted.collected.results.counts.succeeded;
        const output: SubmitRunOutput = { action: "on_demand", succeeded, records: plan.counts.records, costUsd, costKnown, serviceTiers, notes, ...(csv === undefined ? {} : { csv }) };
        return { event: { type: "answered", runId: submission.id }, output };
      }
      case "wait": {
        const { told, poolKey, filled } = await joinWaitPool({ plan, runId: submission.id, provider, owner, deps, tell });
        const event = filled === undefined ? ({ type: "pooled", poolKey } as const) : ({ type: "pool_filled", ...filled } as const);
        return { event, output: { action: "wait", told } satisfies SubmitRunOutput };
      }
      default: {
        const unexpected: never = submitted;
        throw new Error(`unknown submit outcome ${JSON.stringify(unexpected)}`);
      }
    }
  } catch (error) {
    // Refusals are the member's answer (the plan, a config gap); anything else is retried by the next turn.
    if (error instanceof UserFacingError) return refused(error.userMessage);
    throw error;
  }
}

/** `observed`: how this attempt ended, as the notices metric labels it (posted, already_notified, undeliverable, ...). */
async function notify(submission: Submission, noticeId: string, deps: BatchWatcherDeps): Promise<{ observed: string; outcome: EffectOutcome }> {
  const done = (observed: string, outcome: "delivered" | "undeliverable") => ({ observed, outcome: { event: { type: "notice_done", noticeId, outcome } } satisfies EffectOutcome });
  // Settled already (an earlier turn that died before recording it, `/batch results` re-posting, a recorded refusal).
  const record = await deps.runtime.notices.get(noticeId);
  if (record?.receipt !== undefined) return done("already_notified", "delivered");
  if (record?.undeliverable !== undefined) return done("undeliverable", "undeliverable");
  const jobName = noticeId.split("/")[0] ?? noticeId;
  const row = await deps.runtime.store.jobs.get(jobName);
  if (row === undefined) throw new Error(`submission ${submission.id}: job ${jobName} is not in the store`);
  const { owner, share } = submission;
  if (submission.pipeline !== undefined && owner !== undefined) {
    // A pipeline's stage: the pipeline posts one notice when it ends; the stage's spend is still recorded, once.
    await recordNoticeSpend({ noticeId, owner, prepare: () => prepareJobNotice(row, deps.runtime, deps.config) }, deps);
    return done("pipeline_stage", "delivered");
  }
  const outcome = await notifyJob(row, deps, share === undefined || owner === undefined ? undefined : { contributionId: submission.id, owner, start: Math.max(share.start, row.recordRange.start), end: Math.min(share.end, row.recordRange.end) });
  if (outcome.outcome === "claimed_elsewhere") return { observed: outcome.outcome, outcome: { retry: true } };
  return done(outcome.outcome, outcome.outcome === "undeliverable" ? "undeliverable" : "delivered");
}
