/** `bedrock-bot search <sink> <text...>`: registration only; the sink client and Bedrock load when it runs. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { runCliAction } from "./run-cli-action.ts";
import type { SearchFlags } from "./run-search.ts";

export function registerSearchCommand(program: Command): void {
  program
    .command("search")
    .description("embed a text with a sink's model and print the nearest records with their metadata (checks a load worked)")
    .argument("<sink>", "[[sinks]] name")
    .argument("<text...>", "what to look for")
    .option("-k, --top <n>", "how many records (1-100)", "5")
    .option("--json", "print one JSON object")
    .addHelpText("after", '\nExample:\n  bedrock-bot search docs "rain in the mountains" --top 3')
    .action((sink: string, text: string[], flags: SearchFlags) =>
      runCliAction(async () => (await import("./run-search.ts")).runSearch(sink, text.join(" "), flags, configFlagOf(program))),
    );
}
