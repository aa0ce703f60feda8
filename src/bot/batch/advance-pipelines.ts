/**
 * The watcher's part of multi-stage pipelines, once per cycle over the running pipelines only. A pipeline is a small
 * record beside the lifecycle, not a second state machine: each stage is an ordinary submission, and this step only
 * reads facts and does the next idempotent thing:
 *
 * - the current stage's submission is still open: nothing (a stage from 2 on that is still `planned` after a death
 *   between storing and confirming it is confirmed);
 * - it ended: every stage so far is read back (`collectPipelineStage`) and its counts kept on the pipeline; then the
 *   next stage is started from the records that succeeded (`startPipelineStage`, idempotent by the stage's id), or,
 *   after the last stage or when no record is left, the joined results are written and the ONE notice of the
 *   pipeline is posted, exactly once (`deliverJobNotice` under the pipeline's notice id), the status message shows
 *   every stage done, and the pipeline ends.
 *
 * A stage whose job was stopped (`/batch cancel`) ends the pipeline after it, with the notice. A first stage that never
 * ran (its plan cancelled, expired or refused: its reply said so) ends the pipeline quietly.
 */
import { SnowflakeUtil } from "discord.js";
import { isFinalState } from "../../bedrock/batch/lifecycle/submission.ts";
import type { SubmissionRunnerDeps } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { joinPipelineResults } from "../../bedrock/batch/pipeline/join-pipeline-results.ts";
import { pipelineNoticeId, stageCount, type Pipeline } from "../../bedrock/batch/pipeline/pipeline.ts";
import { tracePipelineRecords } from "../../bedrock/batch/pipeline/trace-pipeline-records.ts";
import { writePipelineResults } from "../../bedrock/batch/pipeline/write-pipeline-results.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { collectPipelineStage, pipelineDir, type CollectedStage } from "./collect-pipeline-stages.ts";
import { deliverJobNotice } from "./deliver-job-notice.ts";
import { deliverToOwner } from "./deliver-to-owner.ts";
import { discordNoticeEffects, resolveTarget } from "./discord-notice-effects.ts";
import { decideStatusEdit } from "./render-job-progress.ts";
import { renderPipelineProgress } from "./render-pipeline-progress.ts";
import { renderPipelineNotice } from "./render-pipeline-notice.ts";
import { confirmStage, startPipelineStage } from "./start-pipeline-stage.ts";

export type PipelineStepDeps = PoolDispatchDeps & { runner: SubmissionRunnerDeps };

/** True when some pipeline has work left for a later cycle (a notice another instance holds, an error). */
export async function advancePipelines(deps: PipelineStepDeps): Promise<boolean> {
  let unfinished = false;
  const { leases, instanceId } = deps.runtime;
  for (const pipeline of await deps.runtime.pipelines.running()) {
    // One instance at a time moves a pipeline (the others' watchers see it too); a dead holder's lease lapses.
    const key = `pipeline:${pipeline.id}`;
    if (!(await leases.claimLease(key, instanceId, PIPELINE_LEASE_MS)).claimed) {
      unfinished = true;
      continue;
    }
    try {
      // Read again under the lease: the holder before may have moved it since the list was read.
      const current = await deps.runtime.pipelines.get(pipeline.id);
      if (current?.state === "running" && (await advancePipeline(current, deps)) === "retry") unfinished = true;
    } catch (error) {
      unfinished = true;
      deps.logger.error({ err: error, pipeline: pipeline.id, stage: pipeline.runs.length }, "a batch pipeline could not move on; retrying on the next poll");
    } finally {
      await leases.releaseLease(key, instanceId).catch(() => undefined);
    }
  }
  return unfinished;
}

/** Above the longest step: collecting every stage's results, planning and uploading the next stage. */
const PIPELINE_LEASE_MS = 15 * 60_000;

type StepOutcome = "waiting" | "started" | "ended" | "retry";

async function advancePipeline(stored: Pipeline, deps: PipelineStepDeps): Promise<StepOutcome> {
  const { runtime } = deps;
  let pipeline = stored;
  const stage = pipeline.runs.length;
  const current = pipeline.runs[stage - 1];
  if (current === undefined) return end(pipeline, deps);
  const submission = await runtime.submissions.get(current.submissionId);
  if (stage === 1) {
    // Stored before its first stage; a death in between leaves a pipeline with nothing to run.
    if (submission === undefined) return end(pipeline, deps);
    if (isFinalState(submission.state) && submission.runId === undefined) return end(pipeline, deps);
  }
  if (submission !== undefined && !isFinalState(submission.state)) {
    if (submission.state === "planned" && stage > 1) await confirmStage(pipeline, submission.id, deps.runner);
    return "waiting";
  }
  // The owner as the first stage left it: with its status message, which the later stages reply under and edit.
  if (stage === 1 && submission?.owner !== undefined) pipeline = { ...pipeline, owner: submission.owner };
  const collected: CollectedStage[] = [];
  for (const [index, run] of pipeline.runs.entries()) {
    const own = index === stage - 1 ? submission : await runtime.submissions.get(run.submissionId);
    collected.push(await collectPipelineStage(pipeline, index + 1, own, deps));
  }
  pipeline = { ...pipeline, runs: pipeline.runs.map((run, index) => ({ ...run, summary: collected[index]?.summary ?? run.summary })), updatedAt: runtime.now().toISOString() };
  await runtime.pipelines.save(pipeline);
  const trace = tracePipelineRecords(collected.map((stageOf) => stageOf.ended));
  const left = trace.records.filter((record) => record.cells.length === stage && record.cells.every((cell) => cell.status === "succeeded"));
  // A stage whose job its owner stopped (`/batch cancel`) stops the pipeline there: nothing more is spent.
  const cancelled = await stoppedByOwner(submission?.jobNames ?? [], deps);
  if (stage < stageCount(pipeline) && left.length > 0 && !cancelled) {
    await startPipelineStage(pipeline, stage + 1, trace.records, deps);
    return "started";
  }
  const joined = joinPipelineResults(trace, stageCount(pipeline));
  const files = await writePipelineResults(joined, collected.map((stageOf) => stageOf.summary), pipelineDir(runtime.workDir, pipeline.id, "final"));
  const noticeId = pipelineNoticeId(pipeline.id);
  const messages = renderPipelineNotice({
    noticeId,
    ownerId: pipeline.owner.userId,
    ...(pipeline.owner.messageId === undefined ? {} : { replyTo: pipeline.owner.messageId }),
    stageCount: stageCount(pipeline),
    stages: pipeline.runs.map((run, index) => ({ model: run.model, summary: collected[index]?.summary ?? { inputs: 0, records: 0, skipped: 0, succeeded: 0, failed: 0 } })),
    records: trace.records.length,
    succeeded: joined.succeeded,
    ...(stage < stageCount(pipeline) ? { stopReason: cancelled ? "its job was stopped" : "no record was left to hand on" } : {}),
    files: [{ attachment: files.csv, name: "results.csv" }],
  });
  const effects = discordNoticeEffects(deps.client, runtime, () => Promise.resolve(messages));
  const delivered = await deliverToOwner(pipeline.owner, noticeId, (target) => deliverJobNotice({ noticeId, target }, effects, { instanceId: runtime.instanceId }), deps);
  if (delivered.outcome === "claimed_elsewhere") return "retry";
  await showFinalProgress(pipeline, deps);
  return end(pipeline, deps);
}

/** The status message's last edit: every stage done, while Discord still lets it be edited. A courtesy: the notice is what must arrive. */
async function showFinalProgress(pipeline: Pipeline, deps: PipelineStepDeps): Promise<void> {
  const { messageId, threadId, channelId } = pipeline.owner;
  const where = threadId ?? channelId;
  if (messageId === undefined || where === undefined) return;
  const content = renderPipelineProgress(pipeline, pipeline.runs[0]?.model ?? "");
  const postedAt = new Date(Number(SnowflakeUtil.timestampFrom(messageId))).toISOString();
  if (decideStatusEdit({ postedAt, now: deps.runtime.now(), shown: "", next: content }) !== "edit") return;
  try {
    const channel = await resolveTarget(deps.client, { kind: "channel", channelId: where });
    await channel.messages.edit(messageId, { content });
  } catch (error) {
    deps.logger.warn({ err: error, messageId, pipeline: pipeline.id }, "could not edit a pipeline's status message");
  }
}

async function stoppedByOwner(jobNames: readonly string[], deps: PipelineStepDeps): Promise<boolean> {
  if (jobNames.length === 0) return false;
  return (await deps.runtime.store.jobs.getMany(jobNames)).some((row) => row?.state === "Stopped");
}

async function end(pipeline: Pipeline, deps: PipelineStepDeps): Promise<StepOutcome> {
  await deps.runtime.pipelines.save({ ...pipeline, state: "notified", updatedAt: deps.runtime.now().toISOString() });
  return "ended";
}
