/** What `bedrock-bot batch cancel <job>` runs: StopModelInvocationJob for a job, or every unfinished job of a run. */
import { jobStateTraits } from "../bedrock/batch/jobs/job-state.ts";
import { stopBatchJob } from "../bedrock/batch/jobs/stop-batch-job.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { selectJobRows } from "./select-job-rows.ts";

export async function runBatchCancel(reference: string, configFlag: string | undefined): Promise<void> {
  const context = openBatchAwsContext(await requireCliConfig(configFlag));
  try {
    const selected = selectJobRows(await context.store.jobs.all(), reference);
    const rows = selected.length === 1 ? selected : selected.filter((row) => !jobStateTraits(row.state).terminal);
    for (const row of rows) {
      const stopped = await stopBatchJob({ control: context.control(row.provider), store: context.store, now: () => new Date() }, row);
      process.stdout.write(`${stopped.jobName} ${stopped.state}\n`);
    }
  } finally {
    await context.close();
  }
}
