/** `bedrock-bot start` (what `npm start` runs): registration only; the bot and its checks load when it runs. */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("check prerequisites, then connect to Discord and serve chat and /batch")
    .option("--shards <ids>", 'gateway shards this process runs, such as 0,1 or 0-3 (default SHARDS, then [bot] shards: "auto" = all)')
    .option("--shard-count <n>", 'the bot\'s total shards, the same in every process (default SHARD_COUNT, then [bot] shard_count: "auto" = as Discord recommends)')
    .option("--wait-for-shards", "wait while another process holds one of these shards, instead of exiting with code 2")
    .action(async (options: { shards?: string; shardCount?: string; waitForShards?: boolean }) => {
      const { runStart } = await import("./run-start.ts");
      await runStart(configFlagOf(program), process.env, options);
    });
}
