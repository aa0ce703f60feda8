/** `bedrock-bot ask <prompt...>`: registration only; the Bedrock client and tool loop load when it runs. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { collectOption } from "./collect-option.ts";
import { runCliAction } from "./run-cli-action.ts";
import type { AskOptions } from "./run-ask.ts";

export function registerAskCommand(program: Command): void {
  program
    .command("ask")
    .description("ask a model one question from the terminal (streams the answer; tools enabled)")
    .argument("<prompt...>", "the question")
    .option("-m, --model <name>", "model name from the config (default: [bot] default_model, else the first chat model)")
    .option("-f, --file <path>", "attach a file (image, document, text); repeatable", collectOption, [])
    .option("-s, --system <text>", "system prompt (default: [bot] system_prompt)")
    .option("--max-tokens <n>", "maximum output tokens")
    .option("--no-stream", "use Converse instead of ConverseStream")
    .option("--no-tools", "do not offer the built-in tools")
    .option("--json", "print one JSON object (text, usage, cost) instead of streaming")
    .action((prompt: string[], options: AskOptions) =>
      runCliAction(async () => (await import("./run-ask.ts")).ask(prompt, options, configFlagOf(program)), { newlineFirst: true }),
    );
}
