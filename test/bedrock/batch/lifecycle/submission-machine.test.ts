import { describe, expect, it } from "vitest";
import { rowsFrom, transition, TRANSITIONS, type TransitionRow } from "../../../../src/bedrock/batch/lifecycle/submission-machine.ts";
import { isFinalState, SUBMISSION_STATES, type Submission, type SubmissionEvent } from "../../../../src/bedrock/batch/lifecycle/submission.ts";
import { submissionFixture } from "./submission-fixture.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const LATER = "2026-03-02T12:00:00.000Z";
const EARLIER = "2026-03-01T11:00:00.000Z";

const submission = submissionFixture;

/** A submission and an event that satisfy `row` (its state, its guard). */
function caseFor(row: TransitionRow): { before: Submission; event: SubmissionEvent } {
  const owned = submission({ state: row.from, expiresAt: row.when === "plan_lapsed" ? EARLIER : LATER });
  const { owner: _owner, ...unowned } = owned;
  const before: Submission = row.when === "unowned" ? { ...unowned, origin: "cli" } : owned;
  switch (row.event) {
    case "confirm":
      return { before, event: { type: "confirm", messageId: "m1" } };
    case "cancel":
    case "plan_expired":
    case "pool_expired":
    case "withdrawn":
      return { before, event: { type: row.event } };
    case "jobs_created":
      return { before, event: { type: "jobs_created", runId: before.id, jobNames: [`bdb-${before.id}-1`] } };
    case "answered":
      return { before, event: { type: "answered", runId: before.id } };
    case "pooled":
      return { before, event: { type: "pooled", poolKey: "g1:claude" } };
    case "refused":
      return { before, event: { type: "refused", reason: "over the cap" } };
    case "pool_filled":
      return { before, event: { type: "pool_filled", runId: "pooled-1", jobNames: ["bdb-pooled-1-1"], share: { start: 0, end: 60 } } };
    case "jobs_ended":
      return { before, event: { type: "jobs_ended", noticeIds: row.when === "unowned" ? [] : ["bdb-x-1", "bdb-x-2"] } };
    case "notice_done": {
      const notices =
        row.when === "notices_outstanding"
          ? { a: "pending" as const, b: "pending" as const }
          : row.when === "notices_delivered"
            ? { a: "delivered" as const, b: "pending" as const }
            : { a: "undeliverable" as const, b: "pending" as const };
      return { before: { ...before, notices }, event: { type: "notice_done", noticeId: "b", outcome: "delivered" } };
    }
    default: {
      const unexpected: never = row.event;
      throw new Error(`no case for ${String(unexpected)}`);
    }
  }
}

describe("the submission state machine", () => {
  it.each(TRANSITIONS.map((row) => [`${row.from} --${row.event}${row.when === undefined ? "" : `[${row.when}]`}--> ${row.to}`, row] as const))("%s", (_name, row) => {
    const { before, event } = caseFor(row);
    const result = transition(before, event, NOW);
    if (!result.taken) throw new Error(result.reason);
    expect(result.row).toBe(row);
    expect(result.next.state).toBe(row.to);
    expect(result.next.updatedAt).toBe(NOW.toISOString());
    expect(result.next.history.at(-1)).toEqual({ state: row.to, event: row.event, at: NOW.toISOString() });
    const kinds = [...new Set(result.effects.map((effect) => effect.kind))];
    expect(kinds).toEqual([...new Set(row.effects)]);
  });

  it("has one row for each (state, event, guard) and guards that never both hold", () => {
    const keys = TRANSITIONS.map((row) => `${row.from}/${row.event}/${row.when ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of TRANSITIONS) {
      const { before, event } = caseFor(row);
      const matching = TRANSITIONS.filter((other) => other.from === row.from && other.event === row.event).filter((other) => {
        const result = transition(before, event, NOW);
        return result.taken && result.row === other;
      });
      expect(matching).toHaveLength(1);
    }
  });

  it("leaves every open state by some row, reaches every state, and never leaves a final one", () => {
    for (const state of SUBMISSION_STATES) {
      if (isFinalState(state)) expect(rowsFrom(state)).toEqual([]);
      else expect(rowsFrom(state).some((row) => row.to !== state)).toBe(true);
      if (state !== "planned" && state !== "submitting") expect(TRANSITIONS.some((row) => row.to === state && row.from !== state)).toBe(true);
    }
  });

  it("ignores an event no row takes, without touching the submission", () => {
    const notified = submission({ state: "notified" });
    expect(transition(notified, { type: "confirm" }, NOW)).toEqual({ taken: false, reason: "confirm does nothing to a submission that is notified" });
    const planned = submission({ state: "planned" });
    expect(transition(planned, { type: "jobs_ended", noticeIds: [] }, NOW).taken).toBe(false);
  });

  it("asks for one notify per notice due, and records them as pending", () => {
    const result = transition(submission({ state: "running" }), { type: "jobs_ended", noticeIds: ["n1", "n2"] }, NOW);
    if (!result.taken) throw new Error(result.reason);
    expect(result.effects).toEqual([
      { kind: "notify", noticeId: "n1", row: "running--jobs_ended[owned]->ended" },
      { kind: "notify", noticeId: "n2", row: "running--jobs_ended[owned]->ended" },
    ]);
    expect(result.next.notices).toEqual({ n1: "pending", n2: "pending" });
  });

  it("keeps what events tell: run and jobs, pooled share, the status message, the refusal", () => {
    const created = transition(submission({ state: "submitting" }), { type: "jobs_created", runId: "r1", jobNames: ["j1"] }, NOW);
    expect(created.taken && created.next).toMatchObject({ runId: "r1", jobNames: ["j1"] });
    const filled = transition(submission({ state: "held" }), { type: "pool_filled", runId: "p1", jobNames: ["j2"], share: { start: 10, end: 20 } }, NOW);
    expect(filled.taken && filled.next).toMatchObject({ runId: "p1", jobNames: ["j2"], share: { start: 10, end: 20 } });
    const confirmed = transition(submission({ expiresAt: LATER }), { type: "confirm", messageId: "m9" }, NOW);
    expect(confirmed.taken && confirmed.next.owner?.messageId).toBe("m9");
    const refused = transition(submission({ state: "submitting" }), { type: "refused", reason: "cap" }, NOW);
    expect(refused.taken && refused.next).toMatchObject({ state: "rejected", reason: "cap" });
  });

  it("expires a plan confirmed after its time instead of submitting it", () => {
    const result = transition(submission({ expiresAt: EARLIER }), { type: "confirm" }, NOW);
    expect(result.taken && [result.next.state, result.effects]).toEqual(["expired", [{ kind: "delete_held_records", row: "planned--confirm[plan_lapsed]->expired" }]]);
  });
});
