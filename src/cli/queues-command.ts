/** `bedrock-bot queues`: registration only; BullMQ loads when it runs. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";
import type { QueuesFlags } from "./run-queues.ts";

export function registerQueuesCommand(program: Command): void {
  program
    .command("queues")
    .description("show the /batch background queues on a Redis store (jobs by state, failed jobs); retry or remove a job")
    .option("--retry <jobId|all>", "put a failed job (e.g. batch-advance/12), or all failed jobs, back to wait")
    .option("--remove <jobId>", "remove a job (e.g. batch-advance/12)")
    .option("--failed <n>", "how many failed jobs to list per queue", "20")
    .option("--json", "print one JSON object")
    .addHelpText("after", "\nExamples:\n  bedrock-bot queues\n  bedrock-bot queues --retry all")
    .action((flags: QueuesFlags) => runCliAction(async () => (await import("./run-queues.ts")).runQueues(flags, configFlagOf(program))));
}
