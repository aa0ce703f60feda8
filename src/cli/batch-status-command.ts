/**
 * `bedrock-bot batch status [job] [--json]`: one poll (which also resumes `submitting` rows, submits queued ones and
 * deletes expired inputs), then each job with a progress bar from Bedrock's record counters. Without a job: every job
 * in the store. A job is named by job name, ARN, job id, or run id (all its jobs).
 */
import type { Command } from "commander";
import type { BatchJobRow } from "../bedrock/batch/jobs/batch-job-row.ts";
import { pollBatchJobs } from "../bedrock/batch/jobs/poll-batch-jobs.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { describeJob } from "./batch-cli-output.ts";
import { configFlagOf, runBatchAction } from "./batch-command.ts";

/** Rows a reference names: a job (name, ARN, id) or a run (all its jobs). */
export function selectJobRows(rows: readonly BatchJobRow[], reference: string): BatchJobRow[] {
  const job = rows.find((row) => row.jobName === reference || row.jobArn === reference || (row.jobArn?.endsWith(`/${reference}`) ?? false));
  if (job !== undefined) return [job];
  const run = rows.filter((row) => row.runId === reference);
  if (run.length > 0) return run;
  throw new UserFacingError(`No batch job or run "${reference}" in the store.`);
}

export function registerBatchStatusCommand(batch: Command): void {
  batch
    .command("status")
    .description("poll Bedrock and show jobs with progress (all jobs when none is given)")
    .argument("[job]", "job name, ARN, job id, or run id")
    .option("--json", "print one JSON object")
    .action(async (reference: string | undefined, flags: { json?: boolean }, command: Command) => {
      await runBatchAction(async () => {
        const context = openBatchAwsContext(await requireCliConfig(configFlagOf(command)));
        try {
          const polled = await pollBatchJobs(context.pollDeps, context.pollSettings);
          const rows = reference === undefined ? polled.rows : selectJobRows(polled.rows, reference);
          if (flags.json === true) {
            const nextPollSeconds = polled.nextPollMs === undefined ? undefined : polled.nextPollMs / 1000;
            process.stdout.write(`${JSON.stringify({ jobs: rows, nextPollSeconds })}\n`);
          } else if (rows.length === 0) {
            process.stdout.write("no batch jobs in the store\n");
          } else {
            process.stdout.write(`${rows.flatMap(describeJob).join("\n")}\n`);
          }
        } finally {
          await context.close();
        }
      });
    });
}
