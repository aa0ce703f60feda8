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

export function registerBatchCommand(program: Command): void {
  const batch = program.command("batch").description("Bedrock batch inference: plan, submit, status, cancel, results");
  registerBatchPlanCommand(batch);
  registerBatchSubmitCommand(batch);
  registerBatchStatusCommand(batch);
  registerBatchCancelCommand(batch);
  registerBatchResultsCommand(batch);
}
