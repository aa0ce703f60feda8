/**
 * A multi-stage pipeline as the store keeps it: a small record that says "when stage n's submission ends, submit
 * stage n+1 from its results". Each stage is an ordinary submission of the `/batch` lifecycle (its own jobs, its own
 * lease and effects); the pipeline only adds the step between two of them, which is idempotent by the next stage's
 * submission id (`stageSubmissionId`): a crash between stages finds that submission and does not submit it again.
 *
 * Rows are JSON in keyv: times are ISO 8601 strings.
 */
import type { JobOwner } from "../../../store/job-owner.ts";
import type { PipelineStageSpec } from "./pipeline-spec.ts";

/** How one stage went, as its notice and the status message show it. Counts add up: inputs = records + skipped, records = succeeded + failed. */
export interface StageSummary {
  /** Rows handed to the stage (the first stage: its inputs). */
  inputs: number;
  records: number;
  skipped: number;
  succeeded: number;
  /** Failed, or never processed (a job that stopped or expired first). */
  failed: number;
  /** What it cost at the price it ran at (batch, or on demand under the minimum); absent without prices. */
  costUsd?: number;
  /** Set when the stage never ran (refused, cancelled): why. */
  reason?: string;
}

interface PipelineStageRun {
  /** The stage's submission (and run) id. */
  submissionId: string;
  /** `[[models]]` name. */
  model: string;
  /** From stage 2 on: the original record id of each row handed to the stage, in row order (row n = index n-1). */
  inputIds?: string[];
  /** Set once the stage ended and its results were read. */
  summary?: StageSummary;
}

type PipelineState = "running" | "notified";

export interface Pipeline {
  /** Also the first stage's submission id. */
  id: string;
  state: PipelineState;
  /** Who asked and where to answer (the first stage's status message, once it is confirmed). */
  owner: JobOwner;
  /** The stages after the first, in order. */
  stages: PipelineStageSpec[];
  /** One per stage started so far, the first stage first. */
  runs: PipelineStageRun[];
  createdAt: string;
  updatedAt: string;
}

/** Stages in all, the first one included. */
export function stageCount(pipeline: Pick<Pipeline, "stages">): number {
  return pipeline.stages.length + 1;
}

/** Stage `stage`'s submission id (1-based): fixed by the pipeline, so starting a stage twice finds the first. */
export function stageSubmissionId(pipelineId: string, stage: number): string {
  return stage === 1 ? pipelineId : `${pipelineId}-s${stage}`;
}

/** The id of the one notice a pipeline posts when it ends (a notice id: letters, digits, `+ . -`). */
export function pipelineNoticeId(pipelineId: string): string {
  return `pipeline.${pipelineId}`;
}
