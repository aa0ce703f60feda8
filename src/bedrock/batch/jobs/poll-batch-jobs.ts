/**
 * One poll of the jobs given (the bot's watcher: the jobs of open submissions), or of every job in the store (`batch
 * status`), the step the bot's poller and the CLI both take:
 * 1. rows left `submitting` (a crash, a lost answer) are sent again with their token: the same job, never a second;
 * 2. one List pass per provider updates every tracked job (Get only for jobs the pass missed);
 * 3. queued rows are submitted while their model has free slots;
 * 4. inputs whose retention ran out are deleted.
 * Returns the rows as they now are and when to poll next.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { applyJobSummary, rowChanged } from "./apply-job-summary.ts";
import type { BatchJobRow } from "./batch-job-row.ts";
import type { BatchControl } from "./batch-control-client.ts";
import { sortJobRows, type BatchStore } from "./batch-store.ts";
import { deleteJobInputs, inputDeletionDue } from "./cleanup-job-inputs.ts";
import { fetchJobSummaries } from "./fetch-job-summaries.ts";
import { jobStateTraits } from "./job-state.ts";
import { nextPollIntervalMs } from "./poll-interval.ts";
import { submitJobRow } from "./submit-job-row.ts";

export interface PollDeps {
  store: BatchStore;
  /** Control plane of the provider a row was created with. */
  controlFor: (provider: string) => BatchControl;
  /** S3 of a provider, for deleting inputs; without it deletion waits for a poll that has one. */
  s3For?: (provider: string) => S3Client;
  now: () => Date;
}

export interface PollSettings {
  /** Submitted + in-progress jobs allowed at once for a model (`[models.batch]`, else `[batch] max_concurrent_jobs`). */
  maxConcurrentJobs: (model: string) => number;
  /** `[batch] poll_interval_seconds`. */
  basePollSeconds: number;
}

export interface PollResult {
  rows: BatchJobRow[];
  /** Names of the rows this poll changed. */
  changed: string[];
  /** Undefined when no job needs polling any more. */
  nextPollMs?: number;
}

export async function pollBatchJobs(deps: PollDeps, settings: PollSettings, only?: readonly BatchJobRow[]): Promise<PollResult> {
  const rows = new Map((only ?? (await deps.store.jobs.all())).map((row) => [row.jobName, row]));
  const changed = new Set<string>();
  const save = async (before: BatchJobRow, after: BatchJobRow, written = false): Promise<void> => {
    rows.set(after.jobName, after);
    if (!rowChanged(before, after)) return;
    changed.add(after.jobName);
    if (!written) await deps.store.jobs.put(after.jobName, after);
  };
  const submit = async (row: BatchJobRow): Promise<BatchJobRow> => {
    const after = await submitJobRow({ control: deps.controlFor(row.provider), store: deps.store, now: deps.now }, row);
    await save(row, after, true);
    return after;
  };

  for (const row of sortJobRows([...rows.values()])) {
    if (row.state === "submitting") await submit(row);
  }

  const tracked = [...rows.values()].filter((row) => row.jobArn !== undefined && !jobStateTraits(row.state).terminal);
  for (const [provider, providerRows] of groupBy(tracked, (row) => row.provider)) {
    const summaries = await fetchJobSummaries(deps.controlFor(provider), providerRows);
    for (const row of providerRows) {
      const summary = summaries.get(row.jobArn ?? "");
      if (summary !== undefined) await save(row, applyJobSummary(row, summary, deps.now()));
    }
  }

  await submitQueued([...rows.values()], settings, submit);

  for (const row of [...rows.values()]) {
    const s3 = deps.s3For?.(row.provider);
    if (s3 === undefined || !inputDeletionDue(row, deps.now())) continue;
    await deleteJobInputs(s3, row);
    const now = deps.now().toISOString();
    await save(row, { ...row, inputsDeletedAt: now, updatedAt: now });
  }

  const after = sortJobRows([...rows.values()]);
  const nextPollMs = nextPollIntervalMs(after, settings.basePollSeconds);
  return { rows: after, changed: [...changed], ...(nextPollMs === undefined ? {} : { nextPollMs }) };
}

/** Queued rows, oldest first, while their model has a free slot; a model whose Create hits AWS's quota waits. */
async function submitQueued(rows: readonly BatchJobRow[], settings: PollSettings, submit: (row: BatchJobRow) => Promise<BatchJobRow>): Promise<void> {
  const busy = new Map<string, number>();
  for (const row of rows) if (jobStateTraits(row.state).holdsSlot) busy.set(row.model, (busy.get(row.model) ?? 0) + 1);
  const full = new Set<string>();
  for (const row of sortJobRows(rows.filter((candidate) => candidate.state === "queued"))) {
    if (full.has(row.model) || (busy.get(row.model) ?? 0) >= settings.maxConcurrentJobs(row.model)) continue;
    const after = await submit(row);
    if (jobStateTraits(after.state).holdsSlot) busy.set(row.model, (busy.get(row.model) ?? 0) + 1);
    if (after.state === "queued") full.add(row.model);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
