/**
 * `bedrock-bot batch ...`: batch inference from the terminal through the same core as `/batch` — plan (offline),
 * submit, status, cancel, results. Every subcommand takes the root `--config <file>`. Registration only: each
 * subcommand imports its `run-batch-*.ts` when it runs.
 */
import type { Command } from "commander";
import { registerBatchCancelCommand } from "./batch-cancel-command.ts";
import { registerBatchPlanCommand } from "./batch-plan-command.ts";
import { registerBatchResultsCommand } from "./batch-results-command.ts";
import { registerBatchStatusCommand } from "./batch-status-command.ts";
import { registerBatchSubmitCommand } from "./batch-submit-command.ts";
import { collectOption } from "./collect-option.ts";

export function registerBatchCommand(program: Command): void {
  const batch = program.command("batch").description("Bedrock batch inference: plan, submit, status, cancel, results");
  registerBatchPlanCommand(batch);
  registerBatchSubmitCommand(batch);
  registerBatchStatusCommand(batch);
  registerBatchCancelCommand(batch);
  registerBatchResultsCommand(batch);
}

/** The root `--config`, wherever it was written on the command line. */
export function configFlagOf(command: Command): string | undefined {
  return command.optsWithGlobals<{ config?: string }>().config;
}

/** The flags `plan` and `submit` share. */
export function addRunFlags(command: Command): Command {
  return command
    .option("-m, --model <name>", "model name from the config (default: [batch] default_model)")
    .option("-p, --prompt <text>", "the prompt; repeat as name=text for an expanded run (several prompts per input)", collectOption, [])
    .option("-t, --template <text>", "a prompt template: {column} is filled from each row, {filename} from each file")
    .option("--prompt-column <column>", "mapped runs: the column holding each row's prompt (default: prompt)")
    .option("--text-column <column>", "embed runs: the column holding each row's text (default: text)")
    .option("--mode <mode>", "single | template | mapped | expanded | embed (default: from the flags given)")
    .option("-s, --system <text>", "system prompt")
    .option("--max-tokens <n>", "maximum output tokens per record")
    .option("--temperature <t>", "temperature, 0-1")
    .option("--policy <policy>", "under the model's batch minimum: on_demand | wait | reject (default: [batch] small_batch_policy)")
    .option("-o, --out <dir>", "output folder")
    .option("--json", "print one JSON object");
}
