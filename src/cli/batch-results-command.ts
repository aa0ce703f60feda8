/**
 * `bedrock-bot batch results <job> --out <dir>` and, offline, `batch results --from <outputs> --plan <plan dir> --out
 * <dir>`: registration only; the work is `run-batch-results.ts`.
 */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";
import type { ResultsFlags } from "./run-batch-results.ts";

export function registerBatchResultsCommand(batch: Command): void {
  batch
    .command("results")
    .description("write a finished job's results (CSV, JSONL, summary) into --out; offline with --from and --plan")
    .argument("[job]", "job name, ARN, job id, or run id")
    .option("-o, --out <dir>", "folder for the result files")
    .option("--from <dir>", "offline: folder of downloaded .jsonl.out files and manifest.json.out")
    .option("--plan <dir>", "offline: folder written by batch plan --out (provenance.jsonl, skipped.jsonl)")
    .option("-m, --model <name>", "offline: model whose prices give the cost lines")
    .option("--sink <name>", "embedding runs: also upsert the vectors into this [[sinks]] entry (keyed by input, so a re-run replaces)")
    .option("--metadata-columns <names>", "with --sink: input columns stored beside each vector (default: all the records carry)")
    .option("--json", "print one JSON object")
    .addHelpText("after", "\nExamples:\n  bedrock-bot batch results bdb-20250301-142233-k3x9qa-1 --out results/\n  bedrock-bot batch results --from downloads/ --plan plan/ --out results/\n  bedrock-bot batch results bdb-20250301-142233-k3x9qa-1 --out results/ --sink docs")
    .action((reference: string | undefined, flags: ResultsFlags, command: Command) =>
      runCliAction(async () => (await import("./run-batch-results.ts")).runBatchResults(reference, flags, configFlagOf(command))),
    );
}
