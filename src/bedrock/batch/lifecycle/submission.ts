/**
 * One `/batch` submission as the store keeps it, from the moment it exists (a plan awaiting Confirm, a CLI run, a
 * contribution to a waiting pool) until its owner was told how it ended. Its `state` is moved only by
 * `transition` (`submission-machine.ts`); `pending` is the outbox of effects that transition asked for and that the
 * runner has not finished yet, so a process dying between two effects leaves the rest for whoever resumes it.
 *
 * Rows are JSON in keyv: times are ISO 8601 strings.
 */
import type { JobOwner } from "../../../store/job-owner.ts";
import type { PlanFigures } from "../run/plan-figures.ts";

export const SUBMISSION_STATES = [
  "planned",
  "submitting",
  "held",
  "running",
  "ended",
  "notified",
  "finished",
  "cancelled",
  "expired",
  "rejected",
  "undeliverable",
] as const;

export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** States nothing moves out of: the submission leaves the open index for the archive. */
export const FINAL_STATES: ReadonlySet<SubmissionState> = new Set(["notified", "finished", "cancelled", "expired", "rejected", "undeliverable"]);

export function isFinalState(state: SubmissionState): boolean {
  return FINAL_STATES.has(state);
}

/** Where a submission came from. */
type SubmissionOrigin = "command" | "draft" | "cli";

/** The records of a pooled run that belong to this submission (`[start, end)` of the run's provenance). */
interface SubmissionShare {
  start: number;
  end: number;
}

export interface Submission {
  /** Also the run id of its records (`createRunId`): job names and clientRequestTokens derive from it. */
  id: string;
  origin: SubmissionOrigin;
  state: SubmissionState;
  /** Who asked and where to answer; absent for CLI runs (nobody to tell). */
  owner?: JobOwner;
  /** `[[models]]` name and `[[api_providers]]` name. */
  model: string;
  provider: string;
  /** Records and the estimate shown to the user when it was planned. */
  records: number;
  estimateUsd?: number;
  createdAt: string;
  updatedAt: string;
  /** `planned`: Confirm is possible until then. */
  expiresAt?: string;
  /** Where its records wait in S3 before a run takes them (`runs/<heldRunId>/`). */
  heldRunId?: string;
  /** The plan as the owner saw it, while its records are held. */
  figures?: PlanFigures;
  /** Draft files it was made of (`/batch run`), removed once it is submitted; opaque to the lifecycle. */
  fromDraft?: { place: { guildId?: string; channelId: string; userId: string }; keys: string[] };
  /** The run its records went into: its own id, or a pooled run's. */
  runId?: string;
  jobNames?: string[];
  /** Its part of a pooled run. */
  share?: SubmissionShare;
  /** The waiting pool holding it (`held`). */
  poolKey?: string;
  /** Completion notices still to deliver, and how each ended. */
  notices?: Record<string, "pending" | "delivered" | "undeliverable">;
  /** Why it was rejected, cancelled or expired, in the user's words. */
  reason?: string;
  /**
   * A stage of a pipeline (`src/bedrock/batch/pipeline`): its end is the pipeline's to tell (one notice for the whole
   * pipeline), so its own `notify` only records its spend. Opaque to the lifecycle.
   */
  pipeline?: { id: string; stage: number };
  /** Effects asked for and not yet done, in order. */
  pending: SubmissionEffect[];
  /** Every transition taken: state, event and time, oldest first. */
  history: { state: SubmissionState; event: SubmissionEvent["type"]; at: string }[];
}

export type SubmissionEvent =
  /** The owner pressed Confirm (or the bot submits without asking); `messageId`: the plan's reply, now the status message. */
  | { type: "confirm"; messageId?: string }
  /** The owner pressed Cancel on the plan. */
  | { type: "cancel" }
  /** Nobody confirmed the plan in time. */
  | { type: "plan_expired" }
  /** The run's jobs exist (their rows are stored). */
  | { type: "jobs_created"; runId: string; jobNames: string[] }
  /** Too few records: answered at once through Converse (results posted with the reply). */
  | { type: "answered"; runId: string }
  /** Too few records: held in a waiting pool. */
  | { type: "pooled"; poolKey: string }
  /** Nothing can be submitted (refused by the plan, the spend cap, or Bedrock). */
  | { type: "refused"; reason: string }
  /** Its pool filled: its records are `share` of the pooled run. */
  | { type: "pool_filled"; runId: string; jobNames: string[]; share: SubmissionShare }
  /** Its pool's deadline passed and the contributor was told (answered on demand, or reported). */
  | { type: "pool_expired" }
  /** The owner withdrew it from its pool. */
  | { type: "withdrawn" }
  /** A poll saw every one of its jobs in a terminal state; the notices then due (none without an owner). */
  | { type: "jobs_ended"; noticeIds: string[] }
  /** One completion notice is out (or neither the channel nor the owner's DMs took it). */
  | { type: "notice_done"; noticeId: string; outcome: "delivered" | "undeliverable" };

export type SubmissionEventType = SubmissionEvent["type"];

/**
 * What a transition asks the runner to do. Each is idempotent by a key the submission fixes: the run id (its
 * clientRequestTokens), the held records' folder, the draft's file names, the notice id (marker and spend record).
 */
export type SubmissionEffect = (
  /** Upload the held records and create the run's jobs, answer them on demand, or add them to a waiting pool. */
  | { kind: "submit_run" }
  /** Delete the records held for the plan in S3. */
  | { kind: "delete_held_records" }
  /** Remove the submitted files from the owner's draft. */
  | { kind: "clear_draft" }
  /** Record the notice's spend, then post it, exactly once each. */
  | { kind: "notify"; noticeId: string }
) & {
  /** The transition that asked for it (`rowKey`), for logs and the crash suite's kill points. */
  row: string;
};

export type SubmissionEffectKind = SubmissionEffect["kind"];
