/**
 * The watcher's part of the `/batch` lifecycle, once per cycle, over the open submissions only: what an earlier
 * turn left pending is resumed (a process died, Discord refused, another instance held a notice), plans past their
 * Confirm time expire, and running submissions whose jobs all ended get their notices (`jobs_ended`). Each is an
 * advance job (`queues/batch-queues.ts`, keyed `submission:<id>:<head effect or event>`) that the one runner does in
 * whichever process's worker takes it, so everything here is a report of facts; the transition table decides what
 * follows.
 */
import type { BatchJobRow, BatchRunRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import type { BatchStore } from "../../bedrock/batch/jobs/batch-store.ts";
import { batchJobName } from "../../bedrock/batch/jobs/job-names.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import type { RunOutcome } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { effectKey } from "../../bedrock/batch/lifecycle/submission-machine.ts";
import { isFinalState, type Submission, type SubmissionEvent } from "../../bedrock/batch/lifecycle/submission.ts";
import type { Logger } from "../../create-logger.ts";
import type { WaitPool } from "../../store/batch-pool.ts";
import { findSubmission } from "./waiting-submissions.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import type { AdvanceSubmission } from "./batch-runtime-types.ts";
import { advanceKey, type AdvanceJob } from "./queues/batch-queues.ts";

/**
 * The job rows of open submissions (a pooled job once, however many contributed to it). A submission still being
 * submitted has no job names recorded yet; its jobs' names follow from its run id, so the rows already written are
 * polled too (a `submitting` row left by a death is re-sent with its token).
 */
export async function jobRowsOfOpen(open: readonly Submission[], store: BatchStore): Promise<BatchJobRow[]> {
  const names = [...new Set(open.flatMap(expectedJobNames))];
  if (names.length === 0) return [];
  const rows = await store.jobs.getMany(names);
  return rows.filter((row): row is BatchJobRow => row !== undefined);
}

export interface AdvanceDeps {
  /** Moves a submission on through the advance queue (whichever process's worker takes the job). */
  advance: AdvanceSubmission;
  now: () => Date;
  logger: Logger;
  /** A run's row (what a CLI run that died mid-submission got as far as). */
  runOf(runId: string): Promise<BatchRunRow | undefined>;
  /** The waiting pools (read once per cycle, and only when a submission is held). */
  pools(): Promise<readonly WaitPool[]>;
  /** Called with each submission this cycle finished. */
  onFinished(submission: Submission): Promise<void>;
}

function expectedJobNames(submission: Submission): string[] {
  if (submission.jobNames !== undefined) return submission.jobNames;
  const { figures } = submission;
  if (submission.state !== "submitting" || figures?.decision.action !== "batch") return [];
  return figures.jobs.map((job) => batchJobName(submission.id, job.index));
}

/** True when some submission still has work left for a later cycle. */
export async function advanceSubmissions(open: readonly Submission[], rows: readonly BatchJobRow[], deps: AdvanceDeps): Promise<boolean> {
  const { logger } = deps;
  const byName = new Map(rows.map((row) => [row.jobName, row]));
  const pools = open.some((submission) => submission.state === "held") ? await deps.pools() : [];
  const now = deps.now();
  let unfinished = false;
  for (const submission of open) {
    try {
      const run = submission.state === "submitting" && submission.origin === "cli" ? await deps.runOf(submission.id) : undefined;
      const outcome = await advance(submission, { rows: byName, run, pools }, now, deps.advance);
      if (outcome?.outcome === "busy" || (outcome?.outcome === "ran" && outcome.unfinished)) unfinished = true;
      if (outcome?.outcome === "ran" && isFinalState(outcome.submission.state)) await deps.onFinished(outcome.submission);
    } catch (error) {
      unfinished = true;
      logger.error({ err: error, submission: submission.id, state: submission.state }, "a batch submission could not move on; its advance job is retried with backoff, and the next poll asks again");
    }
  }
  return unfinished;
}

/** What the store says about a submission's jobs and run. */
interface SubmissionFacts {
  rows: ReadonlyMap<string, BatchJobRow>;
  /** Its run's row, read for CLI runs still `submitting`. */
  run?: BatchRunRow | undefined;
  pools: readonly WaitPool[];
}

async function advance(submission: Submission, facts: SubmissionFacts, now: Date, run: AdvanceSubmission): Promise<RunOutcome | undefined> {
  // What the resumed effects did is newer than the facts read at the start of the cycle (a pool just joined, say):
  // the next cycle reads them again before deciding anything from them.
  const resume = resumeJobOf(submission);
  if (resume !== undefined) return run(resume.key, resume.job);
  const event = eventOf(submission, facts, now);
  return event === undefined ? undefined : run(advanceKey(submission.id, event.type), { submissionId: submission.id, event });
}

/**
 * The advance that does a submission's pending effects, keyed by the first of them: a cycle and a button press that
 * both see it make one job. Undefined when nothing is pending.
 */
export function resumeJobOf(submission: Pick<Submission, "id" | "pending">): { key: string; job: AdvanceJob } | undefined {
  const [head] = submission.pending;
  return head === undefined ? undefined : { key: advanceKey(submission.id, effectKey(head)), job: { submissionId: submission.id } };
}

/** What the facts say happened to a submission that has nothing pending; undefined: nothing yet. */
function eventOf(submission: Submission, facts: SubmissionFacts, now: Date): SubmissionEvent | undefined {
  const { rows } = facts;
  switch (submission.state) {
    case "planned":
      return submission.expiresAt !== undefined && Date.parse(submission.expiresAt) <= now.getTime() ? { type: "plan_expired" } : undefined;
    case "running": {
      const jobs = (submission.jobNames ?? []).map((name) => rows.get(name));
      if (jobs.length === 0 || jobs.some((row) => row === undefined || !jobStateTraits(row.state).terminal)) return undefined;
      return { type: "jobs_ended", noticeIds: submission.owner === undefined ? [] : noticeIdsOf(submission, jobs as BatchJobRow[]) };
    }
    case "submitting":
      // The bot's own: its submit_run is pending. A CLI run's process may have died after sending it.
      return submission.origin === "cli" ? cliRunEvent(submission, facts.run, now) : undefined;
    case "held":
      // Its pool moves it, and tells it before letting go of it; gone from every pool and dispatch, it was withdrawn
      // by a process that died before telling it.
      return findSubmission(facts.pools, submission.id) === undefined ? { type: "withdrawn" } : undefined;
    case "ended": // its notices are pending effects
    case "notified":
    case "finished":
    case "cancelled":
    case "expired":
    case "rejected":
    case "undeliverable":
      return undefined;
    default: {
      const unexpected: never = submission.state;
      throw new Error(`unknown submission state ${String(unexpected)}`);
    }
  }
}

/** How long a CLI run may take to upload before a submission it never reported is given up. */
const CLI_SUBMIT_GRACE_MS = 6 * 60 * 60 * 1000;

/** What a CLI run that stopped reporting got as far as, from its run row. */
function cliRunEvent(submission: Submission, run: BatchRunRow | undefined, now: Date): SubmissionEvent | undefined {
  if (run?.action === "on_demand" && run.state === "done") return { type: "answered", runId: submission.id };
  if (run?.action === "batch" && run.state !== "uploading") return { type: "jobs_created", runId: submission.id, jobNames: Array.from({ length: run.jobs }, (_, index) => batchJobName(submission.id, index + 1)) };
  if (now.getTime() - Date.parse(submission.createdAt) < CLI_SUBMIT_GRACE_MS) return undefined;
  return { type: "refused", reason: "the CLI stopped before its run was submitted; run `batch submit` again" };
}

/** One notice per job, or per job holding part of a contributor's share of a pooled run. */
function noticeIdsOf(submission: Submission, jobs: readonly BatchJobRow[]): string[] {
  const { share } = submission;
  if (share === undefined) return jobs.map((row) => noticeIdOf(row.jobName));
  return jobs.filter((row) => Math.max(share.start, row.recordRange.start) < Math.min(share.end, row.recordRange.end)).map((row) => noticeIdOf(row.jobName, submission.id));
}
