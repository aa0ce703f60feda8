/**
 * `bedrock-bot commands deploy [--guild <id>]` and `commands list [--guild <id>]`: registration only; discord.js loads
 * when one runs (`run-commands.ts`). Needs no config file: the commands are the same for every config.
 */
import type { Command } from "commander";

type Env = Record<string, string | undefined>;

export function registerCommandsCommand(program: Command, env: Env = process.env): void {
  const commands = program.command("commands").description("register the bot's slash commands with Discord, or list them");
  commands
    .command("deploy")
    .description("register /chat, /model, /system, /usage, /tools, /batch and the \"Add to batch\" message menu (replacing what was registered before)")
    .option("--guild <id>", "in this guild only, where they show up at once (development); default: globally")
    .action(async (options: { guild?: string }) => (await import("./run-commands.ts")).runCommandsDeploy(env, options.guild));
  commands
    .command("list")
    .description("list the commands Discord has registered for the bot")
    .option("--guild <id>", "the commands of this guild; default: the global ones")
    .action(async (options: { guild?: string }) => (await import("./run-commands.ts")).runCommandsList(env, options.guild));
}
