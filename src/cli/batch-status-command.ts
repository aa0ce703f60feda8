/**
 * `bedrock-bot batch status [job] [--json]`: registration only; the poll is `run-batch-status.ts`. A job is named by
 * job name, ARN, job id, or run id (all its jobs).
 */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";

export function registerBatchStatusCommand(batch: Command): void {
  batch
    .command("status")
    .description("poll Bedrock and show jobs with progress (all jobs when none is given)")
    .argument("[job]", "job name, ARN, job id, or run id")
    .option("--json", "print one JSON object")
    .action((reference: string | undefined, flags: { json?: boolean }, command: Command) =>
      runCliAction(async () => (await import("./run-batch-status.ts")).runBatchStatus(reference, flags, configFlagOf(command))),
    );
}
