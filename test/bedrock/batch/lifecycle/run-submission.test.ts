import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KillMoment } from "../../../../src/bedrock/batch/lifecycle/kill-point.ts";
import {
  applySubmissionEvent,
  createSubmission,
  resumeSubmission,
  submissionLeaseKey,
  type EffectExecutor,
  type EffectOutcome,
  type SubmissionRunnerDeps,
} from "../../../../src/bedrock/batch/lifecycle/run-submission.ts";
import { effectKey } from "../../../../src/bedrock/batch/lifecycle/submission-machine.ts";
import { openSubmissionStore, type SubmissionStore } from "../../../../src/bedrock/batch/lifecycle/submission-store.ts";
import type { Submission, SubmissionEffect, SubmissionEffectKind } from "../../../../src/bedrock/batch/lifecycle/submission.ts";
import { LEASES_NAMESPACE, openLeaseStore, type LeaseStore } from "../../../../src/store/claim-lease.ts";
import { STORE_BACKENDS, type StorePlace } from "../../../store/store-places.ts";
import { submissionFixture } from "./submission-fixture.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const CONFIRM_UNTIL = "2026-03-01T12:15:00.000Z";

type Script = Partial<Record<SubmissionEffectKind, (effect: SubmissionEffect, submission: Submission) => EffectOutcome | Promise<EffectOutcome>>>;

/** An executor doing what `script` says (nothing, for an effect it leaves out), recording each call as `<effect>@<state>`. */
function recordingExecutor(script: Script = {}): { execute: EffectExecutor; calls: string[] } {
  const calls: string[] = [];
  const execute: EffectExecutor = async (effect, submission) => {
    calls.push(`${effectKey(effect)}@${submission.state}`);
    return (await script[effect.kind]?.(effect, submission)) ?? {};
  };
  return { execute, calls };
}

const jobsCreated = (submission: Submission): EffectOutcome => ({
  event: { type: "jobs_created", runId: submission.id, jobNames: [`bdb-${submission.id}-1`] },
  output: { action: "batch" },
});

/** A script step that throws `message` while `failing()` holds, and does nothing once it no longer does. */
const failsWhile =
  (failing: () => boolean, message: string) =>
  (): EffectOutcome => {
    if (failing()) throw new Error(message);
    return {};
  };

const statesOf = (submission: Submission) => submission.history.map((step) => step.state);

describe.each(STORE_BACKENDS)("the submission runner on $name", (backend) => {
  let place: StorePlace;
  let submissions: SubmissionStore;
  let leases: LeaseStore;
  const runner = (execute: EffectExecutor, more: Partial<SubmissionRunnerDeps> = {}): SubmissionRunnerDeps => ({ submissions, leases, instanceId: "bot-a", now: () => NOW, execute, ...more });

  beforeEach(async () => {
    place = await backend.createPlace("lifecycle");
    submissions = place.keep(openSubmissionStore(place.url, place.prefix));
    leases = place.keep(openLeaseStore(place.url, { namespace: place.prefix + LEASES_NAMESPACE }));
  });

  afterEach(async () => {
    await place.dispose();
  });

  const stored = async (submission: Submission): Promise<Submission> => {
    await createSubmission({ submissions }, submission);
    return submission;
  };

  it("GIVEN a plan WHEN confirmed THEN submit_run, then the effects of the jobs it created, in order, and the submission is running", async () => {
    const plan = await stored(submissionFixture({ expiresAt: CONFIRM_UNTIL, heldRunId: "held-1" }));
    const executor = recordingExecutor({ submit_run: (_effect, submission) => jobsCreated(submission) });

    const outcome = await applySubmissionEvent(runner(executor.execute), plan.id, { type: "confirm", messageId: "m1" });

    expect(executor.calls).toEqual(["submit_run@submitting", "delete_held_records@running", "clear_draft@running"]);
    if (outcome.outcome !== "ran") throw new Error(`not run: ${outcome.outcome}`);
    expect(outcome).toMatchObject({ taken: true, unfinished: false, outputs: { submit_run: { action: "batch" } } });
    expect(outcome.submission).toMatchObject({ state: "running", pending: [], runId: plan.id, jobNames: [`bdb-${plan.id}-1`], owner: { messageId: "m1" }, updatedAt: NOW.toISOString() });
    expect(statesOf(outcome.submission)).toEqual(["submitting", "running"]);
    expect(await submissions.get(plan.id)).toEqual(outcome.submission);
  });

  it("GIVEN an effect that throws WHEN resumed later THEN it and the rest are done, and no effect done before is done again", async () => {
    const plan = await stored(submissionFixture({ expiresAt: CONFIRM_UNTIL, heldRunId: "held-1" }));
    let s3Down = true;
    const executor = recordingExecutor({
      submit_run: (_effect, submission) => jobsCreated(submission),
      delete_held_records: failsWhile(() => s3Down, "S3 is down"),
    });
    const deps = runner(executor.execute);

    await expect(applySubmissionEvent(deps, plan.id, { type: "confirm" })).rejects.toThrow("S3 is down");
    expect(await submissions.get(plan.id)).toMatchObject({ state: "running", pending: [{ kind: "delete_held_records" }, { kind: "clear_draft" }] });

    s3Down = false;
    const resumed = await resumeSubmission(deps, plan.id);

    expect(executor.calls).toEqual(["submit_run@submitting", "delete_held_records@running", "delete_held_records@running", "clear_draft@running"]);
    expect(resumed).toMatchObject({ outcome: "ran", taken: false, unfinished: false, submission: { state: "running", pending: [] } });
    expect(await submissions.get(plan.id)).toMatchObject({ state: "running", pending: [] });
  });

  it("GIVEN a notice another instance holds (retry) WHEN resumed THEN the notices stay pending until a later turn delivers them", async () => {
    const pending: SubmissionEffect[] = [
      { kind: "notify", noticeId: "n1", row: "running--jobs_ended[owned]->ended" },
      { kind: "notify", noticeId: "n2", row: "running--jobs_ended[owned]->ended" },
    ];
    const ended = await stored(submissionFixture({ state: "ended", runId: "r1", jobNames: ["bdb-r1-1", "bdb-r1-2"], notices: { n1: "pending", n2: "pending" }, pending }));
    let heldElsewhere = true;
    const executor = recordingExecutor({
      notify: (effect) => {
        if (heldElsewhere) return { retry: true };
        return effect.kind === "notify" ? { event: { type: "notice_done", noticeId: effect.noticeId, outcome: "delivered" } } : {};
      },
    });
    const deps = runner(executor.execute);

    expect(await resumeSubmission(deps, ended.id)).toMatchObject({ outcome: "ran", unfinished: true, submission: { state: "ended", pending } });
    expect(await submissions.get(ended.id)).toEqual(ended);

    heldElsewhere = false;
    const later = await resumeSubmission(deps, ended.id);

    expect(executor.calls).toEqual(["notify:n1@ended", "notify:n1@ended", "notify:n2@ended"]);
    expect(later).toMatchObject({ outcome: "ran", unfinished: false, submission: { state: "notified", pending: [], notices: { n1: "delivered", n2: "delivered" } } });
    expect(statesOf(later.outcome === "ran" ? later.submission : ended)).toEqual(["ended", "notified"]);
    expect(await submissions.open()).toEqual([]);
  });

  it("GIVEN a turn under way WHEN another turn (this instance or another) wants the submission THEN it is busy; free again once the turn ends", async () => {
    const plan = await stored(submissionFixture({ expiresAt: CONFIRM_UNTIL, heldRunId: "held-1" }));
    let started!: () => void;
    const submitting = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const uploaded = new Promise<void>((resolve) => (finish = resolve));
    const executor = recordingExecutor({
      submit_run: async (_effect, submission) => {
        started();
        await uploaded;
        return jobsCreated(submission);
      },
    });

    const turn = applySubmissionEvent(runner(executor.execute), plan.id, { type: "confirm" });
    await submitting;

    expect(await applySubmissionEvent(runner(executor.execute), plan.id, { type: "cancel" })).toEqual({ outcome: "busy" });
    expect(await resumeSubmission(runner(executor.execute, { instanceId: "bot-b" }), plan.id)).toEqual({ outcome: "busy" });
    finish();
    expect(await turn).toMatchObject({ outcome: "ran", submission: { state: "running" } });
    expect(executor.calls).toEqual(["submit_run@submitting", "delete_held_records@running", "clear_draft@running"]);
    expect(await leases.claimLease(submissionLeaseKey(plan.id), "bot-b", 60_000)).toMatchObject({ claimed: true });
  });

  it("GIVEN effects 'later' WHEN confirmed THEN the transition and its effects are stored, nothing is done until resumed", async () => {
    const plan = await stored(submissionFixture({ expiresAt: CONFIRM_UNTIL, heldRunId: "held-1" }));
    const executor = recordingExecutor({ submit_run: (_effect, submission) => jobsCreated(submission) });
    const deps = runner(executor.execute);

    const answered = await applySubmissionEvent(deps, plan.id, { type: "confirm", messageId: "m1" }, { effects: "later" });

    expect(executor.calls).toEqual([]);
    expect(answered).toMatchObject({ outcome: "ran", taken: true, unfinished: true, submission: { state: "submitting", pending: [{ kind: "submit_run" }] } });
    expect(await submissions.get(plan.id)).toMatchObject({ state: "submitting", pending: [{ kind: "submit_run" }], owner: { messageId: "m1" } });

    expect(await resumeSubmission(deps, plan.id)).toMatchObject({ outcome: "ran", unfinished: false, submission: { state: "running", pending: [] } });
    expect(executor.calls).toEqual(["submit_run@submitting", "delete_held_records@running", "clear_draft@running"]);
  });

  it("GIVEN an event no row takes WHEN applied THEN taken is false and neither the stored row nor anything else changes", async () => {
    const running = await stored(submissionFixture({ state: "running", runId: "r1", jobNames: ["bdb-r1-1"] }));
    const executor = recordingExecutor();
    const deps = runner(executor.execute);

    expect(await applySubmissionEvent(deps, running.id, { type: "cancel" })).toEqual({ outcome: "ran", submission: running, taken: false, outputs: {}, unfinished: false });
    expect(await applySubmissionEvent(deps, running.id, { type: "confirm", messageId: "m2" })).toMatchObject({ taken: false });
    expect(await submissions.get(running.id)).toEqual(running);
    expect(executor.calls).toEqual([]);
    expect(await applySubmissionEvent(deps, "no-such-submission", { type: "cancel" })).toEqual({ outcome: "unknown" });
  });

  it("calls the kill point around storing each transition and around each effect, by row and kind (an effect that throws: before only)", async () => {
    const plan = await stored(submissionFixture({ expiresAt: CONFIRM_UNTIL, heldRunId: "held-1" }));
    const reached: string[] = [];
    const killPoint = (kind: string, moment: KillMoment) => reached.push(`${kind}:${moment}`);
    let clearFails = true;
    const executor = recordingExecutor({
      submit_run: (_effect, submission) => jobsCreated(submission),
      clear_draft: failsWhile(() => clearFails, "draft store unreachable"),
    });
    const deps = runner(executor.execute, { killPoint });

    await expect(applySubmissionEvent(deps, plan.id, { type: "confirm" })).rejects.toThrow("draft store unreachable");
    clearFails = false;
    await resumeSubmission(deps, plan.id);

    const confirm = "planned--confirm[plan_open]->submitting";
    const created = "submitting--jobs_created->running";
    expect(reached).toEqual([
      `${confirm}:before`,
      `${confirm}:after`,
      `${confirm}/submit_run:before`,
      `${confirm}/submit_run:after`,
      `${created}:before`,
      `${created}:after`,
      `${created}/delete_held_records:before`,
      `${created}/delete_held_records:after`,
      `${created}/clear_draft:before`,
      `${created}/clear_draft:before`,
      `${created}/clear_draft:after`,
    ]);
  });
});
