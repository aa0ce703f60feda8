/**
 * What `bedrock-bot commands deploy` and `commands list` run: the bot's slash commands registered with Discord (a
 * guild for development, global for production) or listed as Discord has them. Reads DISCORD_TOKEN, DISCORD_API_URL
 * (REST base: `@discordjs/proxy`, tests) and DISCORD_APPLICATION_ID (else asked from Discord).
 */
import type { REST } from "discord.js";
import { commandLabel, createCommandRest, deployCommands, describeDeployFailure, fetchApplicationId, listCommands, type CommandTarget } from "../bot/commands/deploy-commands.ts";

type Env = Record<string, string | undefined>;

/** Discord ids are snowflakes: 17 to 20 digits. */
const SNOWFLAKE = /^\d{17,20}$/;

export function runCommandsDeploy(env: Env, guild: string | undefined): Promise<void> {
  return withDiscord(env, guild, async (rest, target) => {
    const registered = await deployCommands(rest, target);
    const names = registered.map(commandLabel).join(", ");
    const where = target.guildId === undefined ? "global commands" : `commands in guild ${target.guildId}`;
    process.stdout.write(`Registered ${registered.length} ${where}: ${names}\n`);
  });
}

export function runCommandsList(env: Env, guild: string | undefined): Promise<void> {
  return withDiscord(env, guild, async (rest, target) => {
    const registered = await listCommands(rest, target);
    const where = target.guildId === undefined ? "globally" : `in guild ${target.guildId}`;
    if (registered.length === 0) process.stdout.write(`No commands registered ${where}.\n`);
    for (const command of registered) process.stdout.write(`${commandLabel(command)}${command.description === "" ? "" : ` — ${command.description}`}\n`);
  });
}

/** Checks the token and guild id, finds the application, runs `task`; any failure is one line on stderr, exit 1. */
async function withDiscord(env: Env, guild: string | undefined, task: (rest: REST, target: CommandTarget) => Promise<void>): Promise<void> {
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  };
  const token = env.DISCORD_TOKEN;
  if (token === undefined || token === "") return fail('DISCORD_TOKEN is not set: put the bot token in .env or the environment (README "Discord setup").');
  if (guild !== undefined && !SNOWFLAKE.test(guild)) return fail(`--guild "${guild}" is not a guild id (17-20 digits; Discord: right-click the server → Copy Server ID).`);
  const apiUrl = env.DISCORD_API_URL === "" ? undefined : env.DISCORD_API_URL;
  const rest = createCommandRest(token, apiUrl);
  try {
    const applicationId = env.DISCORD_APPLICATION_ID || (await fetchApplicationId(rest));
    await task(rest, { applicationId, ...(guild === undefined ? {} : { guildId: guild }) });
  } catch (error) {
    fail(describeDeployFailure(error, { ...(guild === undefined ? {} : { guildId: guild }), ...(apiUrl === undefined ? {} : { apiUrl }) }));
  }
}
