/** `bedrock-bot batch cancel <job>`: stops a job (or every unfinished job of a run); only processed tokens are billed. */
import type { Command } from "commander";
import { jobStateTraits } from "../bedrock/batch/jobs/job-state.ts";
import { stopBatchJob } from "../bedrock/batch/jobs/stop-batch-job.ts";
import { openBatchAwsContext } from "./batch-cli-context.ts";
import { requireCliConfig } from "./load-cli-config.ts";
import { configFlagOf, runBatchAction } from "./batch-command.ts";
import { selectJobRows } from "./batch-status-command.ts";

export function registerBatchCancelCommand(batch: Command): void {
  batch
    .command("cancel")
    .description("stop a batch job (StopModelInvocationJob), or every unfinished job of a run")
    .argument("<job>", "job name, ARN, job id, or run id")
    .action(async (reference: string, _flags: object, command: Command) => {
      await runBatchAction(async () => {
        const context = openBatchAwsContext(await requireCliConfig(configFlagOf(command)));
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
      });
    });
}
