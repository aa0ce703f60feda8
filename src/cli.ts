#!/usr/bin/env node
/**
 * `bedrock-bot`: the command line. Every subcommand takes `--config <file>`.
 * `.env` is read first (without overriding the real environment), so `npm start` and the CLI see the same settings.
 */
import { Command } from "commander";
import { config as loadDotenv } from "dotenv";
import { readFileSync } from "node:fs";
import { registerAskCommand } from "./cli/ask-command.ts";
import { registerBatchCommand } from "./cli/batch-command.ts";
import { registerCommandsCommand } from "./cli/commands-command.ts";
import { registerConfigCommand } from "./cli/config-command.ts";
import { registerStartCommand } from "./cli/start-command.ts";

loadDotenv({ quiet: true });

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command()
  .name("bedrock-bot")
  .description("AWS Bedrock in Discord: chat through the Converse API and /batch inference jobs")
  .version(version)
  .option("-c, --config <file>", "config file (default: BEDROCK_BOT_CONFIG, config/model_config.toml, the example)");

registerStartCommand(program);
registerConfigCommand(program);
registerAskCommand(program);
registerBatchCommand(program);
registerCommandsCommand(program);

await program.parseAsync(process.argv);
