/**
 * The `/batch` lifecycle in one table: every state a submission can move out of, the event that moves it, where it
 * goes and what must then be done. `transition` is the only code that changes a submission's state; it is pure, so
 * the table is what a reader checks, what the unit tests walk row by row, what `docs/batch-lifecycle.md` is
 * generated from, and what the crash suite derives its kill points from.
 *
 * An event no row takes (a second Confirm, a poll of a submission already told) changes nothing: callers need not
 * know the state before they report what happened, which is what makes retries and resumed work safe.
 */
import type { Submission, SubmissionEffect, SubmissionEffectKind, SubmissionEvent, SubmissionEventType, SubmissionState } from "./submission.ts";

/** A row's condition on the submission and the event, named so the diagram can show it. */
type TransitionGuard = "plan_open" | "plan_lapsed" | "owned" | "unowned" | "notices_outstanding" | "notices_delivered" | "notice_undeliverable";

export interface TransitionRow {
  from: SubmissionState;
  event: SubmissionEventType;
  when?: TransitionGuard;
  to: SubmissionState;
  /** In the order the runner does them; `notify` stands for one notice per due notice id. */
  effects: readonly SubmissionEffectKind[];
}

export const TRANSITIONS: readonly TransitionRow[] = [
  { from: "planned", event: "confirm", when: "plan_open", to: "submitting", effects: ["submit_run"] },
  { from: "planned", event: "confirm", when: "plan_lapsed", to: "expired", effects: ["delete_held_records"] },
  { from: "planned", event: "cancel", to: "cancelled", effects: ["delete_held_records"] },
  { from: "planned", event: "plan_expired", to: "expired", effects: ["delete_held_records"] },
  { from: "planned", event: "refused", to: "rejected", effects: ["delete_held_records"] },
  { from: "submitting", event: "jobs_created", to: "running", effects: ["delete_held_records", "clear_draft"] },
  { from: "submitting", event: "answered", when: "owned", to: "notified", effects: ["delete_held_records", "clear_draft"] },
  { from: "submitting", event: "answered", when: "unowned", to: "finished", effects: [] },
  { from: "submitting", event: "pooled", to: "held", effects: ["delete_held_records", "clear_draft"] },
  { from: "submitting", event: "pool_filled", to: "running", effects: ["delete_held_records", "clear_draft"] },
  { from: "submitting", event: "refused", to: "rejected", effects: ["delete_held_records"] },
  { from: "held", event: "pool_filled", to: "running", effects: [] },
  { from: "held", event: "pool_expired", to: "notified", effects: [] },
  { from: "held", event: "withdrawn", to: "cancelled", effects: [] },
  { from: "running", event: "jobs_ended", when: "owned", to: "ended", effects: ["notify"] },
  { from: "running", event: "jobs_ended", when: "unowned", to: "finished", effects: [] },
  { from: "ended", event: "notice_done", when: "notices_outstanding", to: "ended", effects: [] },
  { from: "ended", event: "notice_done", when: "notices_delivered", to: "notified", effects: [] },
  { from: "ended", event: "notice_done", when: "notice_undeliverable", to: "undeliverable", effects: [] },
];

export type TransitionResult =
  | { taken: true; row: TransitionRow; next: Submission; effects: SubmissionEffect[] }
  /** No row takes this event in this state: nothing changes. */
  | { taken: false; reason: string };

export function transition(submission: Submission, event: SubmissionEvent, now: Date): TransitionResult {
  const row = TRANSITIONS.find((candidate) => candidate.from === submission.state && candidate.event === event.type && guardHolds(candidate.when, submission, event, now));
  if (row === undefined) return { taken: false, reason: `${event.type} does nothing to a submission that is ${submission.state}` };
  const at = now.toISOString();
  const next: Submission = {
    ...withEventData(submission, event),
    state: row.to,
    updatedAt: at,
    history: [...submission.history, { state: row.to, event: event.type, at }],
  };
  return { taken: true, row, next, effects: expandEffects(row, event) };
}

/** Where a state may go next (for the diagram and for tests that every state is reachable and left). */
export function rowsFrom(state: SubmissionState): TransitionRow[] {
  return TRANSITIONS.filter((row) => row.from === state);
}

function guardHolds(guard: TransitionGuard | undefined, submission: Submission, event: SubmissionEvent, now: Date): boolean {
  switch (guard) {
    case undefined:
      return true;
    case "plan_open":
      return submission.expiresAt === undefined || Date.parse(submission.expiresAt) > now.getTime();
    case "plan_lapsed":
      return submission.expiresAt !== undefined && Date.parse(submission.expiresAt) <= now.getTime();
    case "owned":
      return submission.owner !== undefined;
    case "unowned":
      return submission.owner === undefined;
    case "notices_outstanding":
      return Object.values(noticesAfter(submission, event)).includes("pending");
    case "notices_delivered":
      return Object.values(noticesAfter(submission, event)).every((outcome) => outcome === "delivered");
    case "notice_undeliverable": {
      const outcomes = Object.values(noticesAfter(submission, event));
      return !outcomes.includes("pending") && outcomes.includes("undeliverable");
    }
    default: {
      const unexpected: never = guard;
      throw new Error(`unknown guard ${String(unexpected)}`);
    }
  }
}

/** The notices as they stand once `event` is counted. */
function noticesAfter(submission: Submission, event: SubmissionEvent): NonNullable<Submission["notices"]> {
  const notices = { ...submission.notices };
  if (event.type === "notice_done" && notices[event.noticeId] === "pending") notices[event.noticeId] = event.outcome;
  return notices;
}

/** What the event tells about the submission besides its state. */
function withEventData(submission: Submission, event: SubmissionEvent): Submission {
  switch (event.type) {
    case "jobs_created":
      return { ...submission, runId: event.runId, jobNames: event.jobNames };
    case "answered":
      return { ...submission, runId: event.runId, jobNames: [] };
    case "pooled":
      return { ...submission, poolKey: event.poolKey };
    case "pool_filled":
      return { ...submission, runId: event.runId, jobNames: event.jobNames, share: event.share };
    case "refused":
      return { ...submission, reason: event.reason };
    case "jobs_ended":
      return submission.owner === undefined ? submission : { ...submission, notices: Object.fromEntries(event.noticeIds.map((id) => [id, "pending" as const])) };
    case "notice_done":
      return { ...submission, notices: noticesAfter(submission, event) };
    case "confirm":
      return event.messageId === undefined || submission.owner === undefined ? submission : { ...submission, owner: { ...submission.owner, messageId: event.messageId } };
    case "cancel":
    case "plan_expired":
    case "pool_expired":
    case "withdrawn":
      return submission;
    default: {
      const unexpected: never = event;
      throw new Error(`unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}

function expandEffects(row: TransitionRow, event: SubmissionEvent): SubmissionEffect[] {
  const key = rowKey(row);
  return row.effects.flatMap((kind): SubmissionEffect[] => {
    if (kind === "notify") return event.type === "jobs_ended" ? event.noticeIds.map((noticeId) => ({ kind, noticeId, row: key })) : [];
    return [{ kind, row: key }];
  });
}

/** A row's name: `from--event[guard]->to`. */
export function rowKey(row: TransitionRow): string {
  return `${row.from}--${row.event}${row.when === undefined ? "" : `[${row.when}]`}->${row.to}`;
}

/** The key an effect is idempotent by (the runner's kill points and logs name effects by it). */
export function effectKey(effect: SubmissionEffect): string {
  return effect.kind === "notify" ? `notify:${effect.noticeId}` : effect.kind;
}
