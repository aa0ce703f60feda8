/** `bedrock-bot batch plan <inputs...>`: registration only; the dry run is `run-batch-plan.ts`. */
import type { Command } from "commander";
import type { BatchCliFlags } from "./batch-cli-inputs.ts";
import { addRunFlags } from "./add-run-flags.ts";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";

export function registerBatchPlanCommand(batch: Command): void {
  addRunFlags(batch.command("plan").description("dry run, offline: records, skipped inputs, jobs, policy and estimated cost").argument("<inputs...>", "files or folders"))
    .addHelpText("after", "\nExamples:\n  bedrock-bot batch plan questions.csv -m nova-lite -t \"Answer: {question}\" --json\n  bedrock-bot batch plan photos.zip -m nova-lite -p \"Describe the image\" --out plan/")
    .action((inputs: string[], flags: BatchCliFlags, command: Command) =>
      runCliAction(async () => (await import("./run-batch-plan.ts")).runBatchPlan(inputs, flags, configFlagOf(command))),
    );
}
