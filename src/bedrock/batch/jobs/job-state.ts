/**
 * What each job state means for the code around it: whether the job still moves, whether it holds a slot under the
 * model's cap, whether it has output to read. Every AWS status is handled, PartiallyCompleted and Expired included
 * (reference: "treating PartiallyCompleted or Expired as unknown").
 */
import type { JobRowState } from "./batch-job-row.ts";

export interface JobStateTraits {
  /** Nothing will change by itself any more. */
  terminal: boolean;
  /** Counts toward the model's submitted + in-progress cap (a `submitting` job may already exist at AWS). */
  holdsSlot: boolean;
  /** Bedrock may have written outputs under `<output>/<jobId>/` (Stopped: the records processed before the stop). */
  mayHaveOutput: boolean;
  /** A short description for status lines. */
  label: string;
}

export function jobStateTraits(state: JobRowState): JobStateTraits {
  switch (state) {
    case "queued":
      return { terminal: false, holdsSlot: false, mayHaveOutput: false, label: "waiting for a free job slot" };
    case "submitting":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "being submitted" };
    case "create_failed":
      return { terminal: true, holdsSlot: false, mayHaveOutput: false, label: "refused by Bedrock" };
    case "Submitted":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "submitted" };
    case "Validating":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "validating the input" };
    case "Scheduled":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "scheduled, waiting for capacity" };
    case "InProgress":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "in progress" };
    case "Stopping":
      return { terminal: false, holdsSlot: true, mayHaveOutput: false, label: "stopping" };
    case "Completed":
      return { terminal: true, holdsSlot: false, mayHaveOutput: true, label: "completed" };
    case "PartiallyCompleted":
      return { terminal: true, holdsSlot: false, mayHaveOutput: true, label: "partially completed" };
    case "Stopped":
      return { terminal: true, holdsSlot: false, mayHaveOutput: true, label: "stopped" };
    case "Failed":
      return { terminal: true, holdsSlot: false, mayHaveOutput: false, label: "failed" };
    case "Expired":
      return { terminal: true, holdsSlot: false, mayHaveOutput: false, label: "expired before it started" };
    default: {
      const unexpected: never = state;
      throw new Error(`unknown job state ${String(unexpected)}`);
    }
  }
}

/** States a run's results can be collected in: every job terminal. */
export function isTerminalState(state: JobRowState): boolean {
  return jobStateTraits(state).terminal;
}

/** Terminal states that mean the user did not get what they asked for. */
export function isFailureState(state: JobRowState): boolean {
  return state === "Failed" || state === "Expired" || state === "create_failed";
}
