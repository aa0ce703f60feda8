/** `bedrock-bot batch submit <inputs...|s3://bucket/prefix/>`: registration only; the work is `run-batch-submit.ts`. */
import type { Command } from "commander";
import { addRunFlags } from "./add-run-flags.ts";
import { collectOption } from "./collect-option.ts";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";
import type { SubmitFlags } from "./run-batch-submit.ts";

export function registerBatchSubmitCommand(batch: Command): void {
  addRunFlags(batch.command("submit").description("submit batch jobs (or run on demand under the model's minimum)").argument("<inputs...>", "files, folders or s3://bucket/prefix/"))
    .option("--wait", "poll until the jobs end, then write their results to --out")
    .option("--run-id <id>", "run id to use; the same id again resumes an interrupted submit without duplicating jobs")
    .option("--then <template>", "a follow-up stage run on each result ({output}, {stage1_output}, {record_id}, {source}, {row}); repeat for more stages; needs --wait", collectOption, [])
    .option("--pipeline <file>", "follow-up stages from a TOML or JSON file of [[stages]] (template, model, system, max_tokens); needs --wait")
    .addHelpText("after", "\nExamples:\n  bedrock-bot batch submit questions.csv -m nova-lite -t \"Answer: {question}\"\n  bedrock-bot batch submit s3://my-bucket/photos/ -m nova-lite -p \"Describe the image\" --wait --out results/\n  bedrock-bot batch submit docs/ -m nova-lite -p \"Extract the parties as JSON\" --then \"Classify: {output}\" --then \"Summarise: {stage1_output}\" --wait")
    .action((inputs: string[], flags: SubmitFlags, command: Command) =>
      runCliAction(async () => (await import("./run-batch-submit.ts")).runBatchSubmit(inputs, flags, configFlagOf(command))),
    );
}
