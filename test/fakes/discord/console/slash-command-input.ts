/**
 * A typed slash command (`/batch submit file1:q.csv prompt:"Answer"`) -> the input of the fake's `runCommand`, read
 * against the command as the bot registered it: leading words name the subcommand group and subcommand, and each
 * `option:value` is converted to the option's registered type, the way Discord's client fills in a command. Pure:
 * files stay paths (the session reads them) and names (`@alice`, `#general`, a role) are turned into ids by the
 * resolvers passed in. Throws an Error with a sentence for the person at the console.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from "discord-api-types/v10";
import type { APIApplicationCommand, APIApplicationCommandOption } from "discord-api-types/v10";
import type { SlashOption } from "./parse-console-line.ts";

/** An option value for `runCommand`, except files: a path to read. */
type ConsoleOptionValue = string | number | boolean | { path: string };

export interface ConsoleCommandInput {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options: Record<string, ConsoleOptionValue>;
}

/** Ids for names typed as option values; each throws when there is no such user, channel or role. */
export interface NameResolvers {
  user(name: string): string;
  channel(name: string): string;
  role(name: string): string;
}

export function toCommandInput(
  typed: { name: string; words: readonly string[]; options: readonly SlashOption[] },
  registered: readonly APIApplicationCommand[],
  names: NameResolvers,
): ConsoleCommandInput {
  const command = registered.find((c) => c.name === typed.name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
  if (command === undefined) {
    const known = registered.filter((c) => (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput).map((c) => `/${c.name}`);
    const hint = known.length === 0 ? "no commands are registered yet: deploy them with `npx bedrock-bot commands deploy`" : `registered here: ${known.join(" ")}`;
    throw new Error(`the bot has no /${typed.name} here (${hint})`);
  }
  const input: ConsoleCommandInput = { name: command.name, options: {} };
  let path = `/${command.name}`;
  let definitions = command.options ?? [];
  for (const word of typed.words) {
    const level = definitions.find(
      (o) => o.name === word && (o.type === ApplicationCommandOptionType.Subcommand || (o.type === ApplicationCommandOptionType.SubcommandGroup && input.subcommand === undefined)),
    );
    if (level === undefined || !("options" in level)) throw new Error(`${path} has no subcommand "${word}"${listing(definitions, isSubcommandLevel)}`);
    if (level.type === ApplicationCommandOptionType.SubcommandGroup) input.subcommandGroup = level.name;
    else input.subcommand = level.name;
    path = `${path} ${level.name}`;
    definitions = level.options ?? [];
  }
  if (definitions.some(isSubcommandLevel)) throw new Error(`${path} needs a subcommand${listing(definitions, isSubcommandLevel)}`);
  for (const { name, value } of typed.options) {
    const definition = definitions.find((o) => o.name === name);
    if (definition === undefined) throw new Error(`${path} has no option "${name}"${listing(definitions, () => true)}`);
    input.options[name] = optionValue(definition, value, names, `${path} ${name}`);
  }
  return input;
}

function optionValue(definition: APIApplicationCommandOption, text: string, names: NameResolvers, where: string): ConsoleOptionValue {
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      // A choice may be typed by its value or by the name Discord's client shows for it.
      const choice = (definition.choices ?? []).find((c) => c.name.toLowerCase() === text.toLowerCase());
      return choice === undefined ? text : choice.value;
    }
    case ApplicationCommandOptionType.Integer:
      if (!/^-?\d+$/.test(text)) throw new Error(`${where}: expected a whole number, got "${text}"`);
      return Number(text);
    case ApplicationCommandOptionType.Number: {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`${where}: expected a number, got "${text}"`);
      return value;
    }
    case ApplicationCommandOptionType.Boolean: {
      const value = { true: true, yes: true, false: false, no: false }[text.toLowerCase()];
      if (value === undefined) throw new Error(`${where}: expected true or false, got "${text}"`);
      return value;
    }
    case ApplicationCommandOptionType.Attachment:
      return { path: text };
    case ApplicationCommandOptionType.User:
      return names.user(text.replace(/^@/, ""));
    case ApplicationCommandOptionType.Channel:
      return names.channel(text.replace(/^#/, ""));
    case ApplicationCommandOptionType.Role:
      return names.role(text.replace(/^@/, ""));
    case ApplicationCommandOptionType.Mentionable: {
      const name = text.replace(/^@/, "");
      try {
        return names.user(name);
      } catch {
        return names.role(name);
      }
    }
    case ApplicationCommandOptionType.Subcommand:
    case ApplicationCommandOptionType.SubcommandGroup:
      throw new Error(`${where} is a subcommand: write it as a word before the options`);
    default: {
      const unexpected: never = definition;
      throw new Error(`${where}: unknown option type ${JSON.stringify(unexpected)}`);
    }
  }
}

function isSubcommandLevel(option: APIApplicationCommandOption): boolean {
  return option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup;
}

function listing(definitions: readonly APIApplicationCommandOption[], keep: (option: APIApplicationCommandOption) => boolean): string {
  const names = definitions.filter(keep).map((o) => o.name);
  return names.length === 0 ? "" : ` (${names.join(", ")})`;
}
