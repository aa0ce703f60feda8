/** `bedrock-bot batch cancel <job>`: stops a job (or every unfinished job of a run); only processed tokens are billed. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";

export function registerBatchCancelCommand(batch: Command): void {
  batch
    .command("cancel")
    .description("stop a batch job (StopModelInvocationJob), or every unfinished job of a run")
    .argument("<job>", "job name, ARN, job id, or run id")
    .action((reference: string, _flags: object, command: Command) =>
      runCliAction(async () => (await import("./run-batch-cancel.ts")).runBatchCancel(reference, configFlagOf(command))),
    );
}
