/** `bedrock-bot start` (what `npm start` runs): registration only; the bot and its checks load when it runs. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("check prerequisites, then connect to Discord and serve chat and /batch")
    .action(async () => {
      const { runStart } = await import("./run-start.ts");
      await runStart(configFlagOf(program));
    });
}
