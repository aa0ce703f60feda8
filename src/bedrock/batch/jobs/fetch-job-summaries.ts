/**
 * The status of every tracked job in one ListModelInvocationJobs pass (paginated, `nameContains` our prefix), whatever
 * their number; GetModelInvocationJob only for tracked jobs the pass did not return.
 */
import type { BatchJobRow } from "./batch-job-row.ts";
import type { BatchControl, JobSummary } from "./batch-control-client.ts";
import { JOB_NAME_PREFIX } from "./job-names.ts";

/** ListModelInvocationJobs `maxResults` upper bound. */
const LIST_PAGE_SIZE = 1000;
/** Margin below the oldest tracked submit time: the window bound is exclusive, and clocks differ. */
const WINDOW_MARGIN_MS = 60 * 60 * 1000;

/**
 * Lower bound of the List window: the oldest tracked job's submit time (Bedrock's clock) minus a margin, so finished
 * jobs of long ago are not listed on every poll. Undefined while a tracked job has no Bedrock submit time yet.
 */
function listWindowStart(rows: readonly Pick<BatchJobRow, "awsSubmitTime">[]): Date | undefined {
  let oldest: number | undefined;
  for (const row of rows) {
    if (row.awsSubmitTime === undefined) return undefined;
    const time = Date.parse(row.awsSubmitTime);
    oldest = oldest === undefined ? time : Math.min(oldest, time);
  }
  return oldest === undefined ? undefined : new Date(oldest - WINDOW_MARGIN_MS);
}

/** jobArn -> summary for `rows` (each with a jobArn); jobs Bedrock no longer knows are left out. */
export async function fetchJobSummaries(control: BatchControl, rows: readonly BatchJobRow[]): Promise<Map<string, JobSummary>> {
  const wanted = new Set(rows.flatMap((row) => (row.jobArn === undefined ? [] : [row.jobArn])));
  const found = new Map<string, JobSummary>();
  if (wanted.size === 0) return found;
  const after = listWindowStart(rows);
  let nextToken: string | undefined;
  do {
    const page = await control.list({
      nameContains: JOB_NAME_PREFIX,
      maxResults: LIST_PAGE_SIZE,
      sortBy: "CreationTime",
      sortOrder: "Descending",
      ...(after === undefined ? {} : { submitTimeAfter: after }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    for (const summary of page.summaries) {
      if (summary.jobArn !== undefined && wanted.has(summary.jobArn)) found.set(summary.jobArn, summary);
    }
    nextToken = found.size === wanted.size ? undefined : page.nextToken;
  } while (nextToken !== undefined);
  for (const jobArn of wanted) {
    if (found.has(jobArn)) continue;
    try {
      found.set(jobArn, await control.get(jobArn));
    } catch (error) {
      if (!(error instanceof Error) || error.name !== "ResourceNotFoundException") throw error;
    }
  }
  return found;
}
