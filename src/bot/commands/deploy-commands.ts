/**
 * Registering the slash commands with Discord, as `bedrock-bot commands deploy` does: one bulk overwrite
 * (PUT, so commands that are no longer defined disappear), in one guild for development (visible at once) or
 * globally for production. The application id comes from `GET /applications/@me` unless given. Failures become one
 * sentence naming what to fix (`describeDeployFailure`).
 */
import { ApplicationCommandType, DiscordAPIError, HTTPError, REST, Routes, type APIApplication, type APIApplicationCommand } from "discord.js";
import { commandDefinitions } from "./command-definitions.ts";
import { errorMessage } from "../../format/error-message.ts";

export interface CommandTarget {
  applicationId: string;
  /** A guild for development; absent: global commands. */
  guildId?: string;
}

/** A REST client with the bot token; `apiUrl` (DISCORD_API_URL) for `@discordjs/proxy` or a fake Discord. */
export function createCommandRest(token: string, apiUrl?: string): REST {
  return new REST({ version: "10", ...(apiUrl === undefined || apiUrl === "" ? {} : { api: apiUrl }) }).setToken(token);
}

export async function fetchApplicationId(rest: REST): Promise<string> {
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  return application.id;
}

/** Replaces the target's commands with `commandDefinitions()`; returns them as Discord registered them. */
export async function deployCommands(rest: REST, target: CommandTarget): Promise<APIApplicationCommand[]> {
  return (await rest.put(commandsRoute(target), { body: commandDefinitions() })) as APIApplicationCommand[];
}

export async function listCommands(rest: REST, target: CommandTarget): Promise<APIApplicationCommand[]> {
  return (await rest.get(commandsRoute(target))) as APIApplicationCommand[];
}

function commandsRoute({ applicationId, guildId }: CommandTarget): `/${string}` {
  return guildId === undefined ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, guildId);
}

/** One sentence for the terminal: what went wrong and what to do about it. */
/** How a registered command is named to a person: `/batch`, or `"Add to batch" (message menu)`. */
export function commandLabel(command: Pick<APIApplicationCommand, "name" | "type">): string {
  switch (command.type) {
    case ApplicationCommandType.Message:
      return `"${command.name}" (message menu)`;
    case ApplicationCommandType.User:
      return `"${command.name}" (user menu)`;
    case ApplicationCommandType.ChatInput:
    case ApplicationCommandType.PrimaryEntryPoint:
      return `/${command.name}`;
    default: {
      const unexpected: never = command.type;
      return `/${command.name} (type ${String(unexpected)})`;
    }
  }
}

export function describeDeployFailure(error: unknown, target: { guildId?: string; apiUrl?: string }): string {
  if (error instanceof DiscordAPIError) {
    const request = `${error.method.toUpperCase()} ${new URL(error.url).pathname} answered ${error.status}`;
    if (error.status === 401) return `Discord rejected the bot token (${request}): check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).`;
    if (error.status === 403 || error.code === 50001) {
      const where = target.guildId === undefined ? "globally" : `in guild ${target.guildId}`;
      return `Discord refused to register commands ${where} (${request}: ${error.message}). Is the bot in that guild, invited with the applications.commands scope?`;
    }
    if (error.status === 404 && target.guildId !== undefined) return `Discord does not know guild ${target.guildId} (${request}): check --guild.`;
    return `Discord refused the request (${request}): ${error.message}`;
  }
  if (error instanceof HTTPError) return `Discord answered ${error.status} to ${error.method.toUpperCase()} ${new URL(error.url).pathname}; try again later.`;
  const reason = errorMessage(error);
  return `Cannot reach Discord${target.apiUrl === undefined ? "" : ` at ${target.apiUrl}`}: ${reason}`;
}
