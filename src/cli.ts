#!/usr/bin/env node
/**
 * `bedrock-bot`: the command line. Every subcommand takes `--config <file>`.
 * `.env` is read first (without overriding the real environment), so `npm start` and the CLI see the same settings.
 * Registering the commands loads only commander: each command imports its implementation when it runs, so
 * `--version`, `--help` and `config` do not pay for discord.js and the AWS SDK.
 */
import { Command } from "commander";
import { config as loadDotenv } from "dotenv";
import { readFileSync } from "node:fs";
import { registerAskCommand } from "./cli/ask-command.ts";
import { takeOverAwsNodeWarning } from "./cli/aws-node-support-note.ts";
import { registerBatchCommand } from "./cli/batch-command.ts";
import { registerCommandsCommand } from "./cli/commands-command.ts";
import { registerConfigCommand } from "./cli/config-command.ts";
import { registerDoctorCommand } from "./cli/doctor-command.ts";
import { registerIamCommand } from "./cli/iam-command.ts";
import { registerQueuesCommand } from "./cli/queues-command.ts";
import { registerStartCommand } from "./cli/start-command.ts";
import { registerSearchCommand } from "./cli/search-command.ts";

loadDotenv({ quiet: true });

const { version, engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string; engines: { node: string } };

// After .env: a variable set there is the user's choice too.
takeOverAwsNodeWarning(process.env, process.versions.node, engines.node);

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
registerDoctorCommand(program);
registerIamCommand(program);
registerSearchCommand(program);
registerQueuesCommand(program);

await program.parseAsync(process.argv);
