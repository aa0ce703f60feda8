/**
 * Runs and jobs in the store (`[storage] url`, sqlite by default, redis for several instances): two keyv namespaces,
 * `batch-runs` keyed by run id and `batch-jobs` keyed by job name. The CLI and the bot open the same store, so either
 * can poll, resume or collect what the other started.
 */
import { KeyvRepository } from "../../../store/keyv-repository.ts";
import { openKeyv } from "../../../store/open-keyv.ts";
import type { BatchJobRow, BatchRunRow } from "./batch-job-row.ts";

const BATCH_RUNS_NAMESPACE = "batch-runs";
const BATCH_JOBS_NAMESPACE = "batch-jobs";

export interface BatchStore {
  runs: KeyvRepository<BatchRunRow>;
  jobs: KeyvRepository<BatchJobRow>;
  close(): Promise<void>;
}

/** The batch runs and jobs on `url`; `namespacePrefix` keeps several bots sharing one redis apart. */
export function openBatchStore(url: string, namespacePrefix = ""): BatchStore {
  const runs = new KeyvRepository<BatchRunRow>(openKeyv<BatchRunRow>(url, namespacePrefix + BATCH_RUNS_NAMESPACE));
  const jobs = new KeyvRepository<BatchJobRow>(openKeyv<BatchJobRow>(url, namespacePrefix + BATCH_JOBS_NAMESPACE));
  return {
    runs,
    jobs,
    close: async () => {
      await Promise.all([runs.close(), jobs.close()]);
    },
  };
}

/** Rows in a stable order: oldest first, then run, then job index. */
export function sortJobRows(rows: readonly BatchJobRow[]): BatchJobRow[] {
  return [...rows].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.runId.localeCompare(b.runId) || a.index - b.index);
}

/** A run's job rows, by index. */
export async function jobRowsOfRun(store: BatchStore, runId: string): Promise<BatchJobRow[]> {
  return (await store.jobs.all()).filter((row) => row.runId === runId).sort((a, b) => a.index - b.index);
}

/** A job row by job name, ARN or 12-character job id. */
export async function findJobRow(store: BatchStore, reference: string): Promise<BatchJobRow | undefined> {
  const byName = await store.jobs.get(reference);
  if (byName !== undefined) return byName;
  return (await store.jobs.all()).find((row) => row.jobArn !== undefined && (row.jobArn === reference || row.jobArn.endsWith(`/${reference}`)));
}
