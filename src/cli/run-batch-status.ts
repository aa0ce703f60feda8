/**
 * What `bedrock-bot batch status [job]` runs: one poll (which also resumes `submitting` rows, submits queued ones and
 * deletes expired inputs), then each job with a progress bar from Bedrock's record counters. Without a job: every job
 * in the store.
 */
import { pollBatchJobs } from "../bedrock/batch/jobs/poll-batch-jobs.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { finishEndedCliRuns } from "./cli-submissions.ts";
import { describeJob } from "./batch-cli-output.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { selectJobRows } from "./select-job-rows.ts";

export async function runBatchStatus(reference: string | undefined, flags: { json?: boolean }, configFlag: string | undefined): Promise<void> {
  const context = openBatchAwsContext(await requireCliConfig(configFlag));
  try {
    const polled = await pollBatchJobs(context.pollDeps, context.pollSettings);
    await finishEndedCliRuns(context, polled.rows);
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
}
