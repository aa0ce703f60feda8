/** Which stored batch jobs a command-line reference names: `batch status`, `cancel` and `results` take the same. */
import type { BatchJobRow } from "../bedrock/batch/jobs/batch-job-row.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";

/** Rows a reference names: a job (name, ARN, id) or a run (all its jobs). */
export function selectJobRows(rows: readonly BatchJobRow[], reference: string): BatchJobRow[] {
  const job = rows.find((row) => row.jobName === reference || row.jobArn === reference || (row.jobArn?.endsWith(`/${reference}`) ?? false));
  if (job !== undefined) return [job];
  const run = rows.filter((row) => row.runId === reference);
  if (run.length > 0) return run;
  throw new UserFacingError(`No batch job or run "${reference}" in the store.`);
}
