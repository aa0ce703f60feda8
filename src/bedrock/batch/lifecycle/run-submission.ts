/**
 * The one runner of the `/batch` lifecycle: applies an event to a stored submission through `transition`, stores the
 * next state together with the effects it asks for (the outbox, `pending`), then does them in order, storing the
 * submission after each. Everything happens under the submission's lease, so two instances (or a button pressed
 * twice) never act on one submission at once.
 *
 * A process dying anywhere leaves a stored state and the effects still to do; whoever resumes it (the watcher, any
 * instance, after the lease lapsed) does them again. That is safe because each effect is idempotent by a key the
 * submission fixes (`effectKey`). An effect may report what it led to (`submit_run` -> jobs created, answered,
 * pooled or refused; `notify` -> the notice's outcome): that event is applied at once, in the same turn.
 */
import type { LeaseStore } from "../../../store/claim-lease.ts";
import type { KillPoint } from "./kill-point.ts";
import { rowKey, transition } from "./submission-machine.ts";
import type { SubmissionStore } from "./submission-store.ts";
import type { Submission, SubmissionEffect, SubmissionEvent } from "./submission.ts";

/** What doing an effect led to. */
export interface EffectOutcome {
  /** Applied to the submission right after. */
  event?: SubmissionEvent;
  /** Not done yet (another instance holds the notice, say): it stays pending for a later turn. */
  retry?: boolean;
  /** Anything the caller that applied the event wants to show (the plan's reply, say). */
  output?: unknown;
}

export type EffectExecutor = (effect: SubmissionEffect, submission: Submission) => Promise<EffectOutcome>;

export interface SubmissionRunnerDeps {
  submissions: SubmissionStore;
  leases: Pick<LeaseStore, "claimLease" | "releaseLease">;
  /** Lease owner: unique per process. */
  instanceId: string;
  now: () => Date;
  execute: EffectExecutor;
  killPoint?: KillPoint;
}

export type RunOutcome =
  /** The submission as it now stands; `outputs` of the effects done in this turn, by effect kind. */
  | { outcome: "ran"; submission: Submission; taken: boolean; outputs: Partial<Record<SubmissionEffect["kind"], unknown>>; unfinished: boolean }
  | { outcome: "busy" }
  | { outcome: "unknown" };

/** Reports an event about a submission to the lifecycle (the runner applies it and does what follows). */
export type TellSubmission = (id: string, event: SubmissionEvent) => Promise<RunOutcome>;

/** How long a turn may hold a submission: above the longest effect (uploading a big run, collecting its results). */
const SUBMISSION_LEASE_MS = 15 * 60_000;

export function submissionLeaseKey(id: string): string {
  return `submission:${id}`;
}

export interface ApplyOptions {
  /**
   * `later`: store the transition and its effects, and return at once (a button press that must answer Discord
   * within 3 s, then `resumeSubmission`s). Default `now`.
   */
  effects?: "now" | "later";
}

/** Applies `event` (after finishing what an earlier turn left pending), then does the effects it asks for. */
export async function applySubmissionEvent(deps: SubmissionRunnerDeps, id: string, event: SubmissionEvent, options: ApplyOptions = {}): Promise<RunOutcome> {
  return underLease(deps, id, async (stored) => {
    const turn = new Turn(deps, stored);
    if (options.effects !== "later" && !(await turn.drain())) return turn.result(false);
    if (options.effects === "later" && stored.pending.length > 0) return turn.result(false);
    const taken = await turn.apply(event);
    if (taken && options.effects !== "later") await turn.drain();
    return turn.result(taken);
  });
}

/** Does what an earlier turn left pending (a process that died, an effect that failed). */
export async function resumeSubmission(deps: SubmissionRunnerDeps, id: string): Promise<RunOutcome> {
  return underLease(deps, id, async (stored) => {
    const turn = new Turn(deps, stored);
    await turn.drain();
    return turn.result(false);
  });
}

/** Stores a new submission (before any effect of it can run). */
export async function createSubmission(deps: Pick<SubmissionRunnerDeps, "submissions">, submission: Submission): Promise<void> {
  await deps.submissions.save(submission);
}

async function underLease(deps: SubmissionRunnerDeps, id: string, work: (stored: Submission) => Promise<RunOutcome>): Promise<RunOutcome> {
  const key = submissionLeaseKey(id);
  const claim = await deps.leases.claimLease(key, deps.instanceId, SUBMISSION_LEASE_MS);
  if (!claim.claimed) return { outcome: "busy" };
  try {
    const stored = await deps.submissions.get(id);
    if (stored === undefined) return { outcome: "unknown" };
    return await work(stored);
  } finally {
    // A failed release only means the next turn waits for the lease to lapse.
    await deps.leases.releaseLease(key, deps.instanceId).catch(() => undefined);
  }
}

class Turn {
  readonly #deps: SubmissionRunnerDeps;
  #current: Submission;
  readonly #outputs: Partial<Record<SubmissionEffect["kind"], unknown>> = {};

  constructor(deps: SubmissionRunnerDeps, stored: Submission) {
    this.#deps = deps;
    this.#current = stored;
  }

  /** Transition and store; false when no row takes the event. */
  async apply(event: SubmissionEvent): Promise<boolean> {
    const result = transition(this.#current, event, this.#deps.now());
    if (!result.taken) return false;
    const key = rowKey(result.row);
    this.#deps.killPoint?.(key, "before");
    this.#current = { ...result.next, pending: [...this.#current.pending, ...result.effects] };
    await this.#deps.submissions.save(this.#current);
    this.#deps.killPoint?.(key, "after");
    return true;
  }

  /** Does the pending effects in order; false when one must wait for a later turn. A throw leaves it pending. */
  async drain(): Promise<boolean> {
    while (this.#current.pending.length > 0) {
      const [effect, ...rest] = this.#current.pending as [SubmissionEffect, ...SubmissionEffect[]];
      const point = `${effect.row}/${effect.kind}`;
      this.#deps.killPoint?.(point, "before");
      const outcome = await this.#deps.execute(effect, this.#current);
      this.#deps.killPoint?.(point, "after");
      if (outcome.retry === true) return false;
      if (outcome.output !== undefined) this.#outputs[effect.kind] = outcome.output;
      this.#current = { ...this.#current, pending: rest };
      if (outcome.event === undefined || !(await this.apply(outcome.event))) await this.#deps.submissions.save(this.#current);
    }
    return true;
  }

  result(taken: boolean): RunOutcome {
    return { outcome: "ran", submission: this.#current, taken, outputs: this.#outputs, unfinished: this.#current.pending.length > 0 };
  }
}
