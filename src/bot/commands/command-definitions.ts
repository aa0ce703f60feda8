/**
 * The bot's slash commands, defined once: `bedrock-bot commands deploy` registers exactly these, and the handlers read
 * their options through the same name constants. Discord's limits apply (names 1-32 lowercase, descriptions 1-100,
 * <= 25 options and choices, string options <= 6000 characters); the fake Discord rejects a definition that breaks one.
 */
import { addToBatchMenuDefinition, batchCommandDefinition } from "../batch/batch-command-definition.ts";
import { InteractionContextType, SlashCommandBuilder, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";

/** Command names, as Discord sends them in `interaction.commandName`. */
export const COMMAND_NAMES = { chat: "chat", model: "model", system: "system", usage: "usage", tools: "tools", guardrail: "guardrail" } as const;

export const CHAT_OPTIONS = { prompt: "prompt", model: "model", private: "private", thread: "thread" } as const;
export const MODEL_OPTIONS = { name: "name", scope: "scope", clear: "clear", tier: "tier", citations: "citations" } as const;
export const GUARDRAIL_OPTIONS = { name: "name", scope: "scope", clear: "clear" } as const;
export const SYSTEM_OPTIONS = { prompt: "prompt", scope: "scope", clear: "clear" } as const;
export const USAGE_OPTIONS = { scope: "scope", period: "period" } as const;
export const TOOLS_OPTIONS = { server: "server", enabled: "enabled", scope: "scope", clear: "clear" } as const;

/** Where `/model`, `/system` and `/guardrail` apply: this channel (a thread's parent channel) or the whole server. */
export type SettingsScope = "channel" | "server";
/** `/model tier:`: a Bedrock service tier, or `model` for the model's own `service_tier` (clears the override). */
export type TierChoice = "default" | "priority" | "flex" | "model";
export type UsageScope = "me" | "server";
export type UsagePeriod = "today" | "7d" | "30d" | "all";

/** Autocomplete values are limited to 100 characters, and so are the model names a user can pick. */
export const MAX_MODEL_NAME = 100;
/** `[[mcp_servers]] name` is at most 64 characters. */
const MAX_SERVER_NAME = 64;
/** Long enough for a real prompt, short of the 6000 Discord allows a string option. */
const MAX_PROMPT_LENGTH = 4000;

const SETTINGS_SCOPE_CHOICES = [
  { name: "this channel (and its threads)", value: "channel" },
  { name: "this server (channels without their own setting)", value: "server" },
] satisfies { name: string; value: SettingsScope }[];

const TIER_CHOICES = [
  { name: "standard (default)", value: "default" },
  { name: "priority (faster, costs more)", value: "priority" },
  { name: "flex (slower, costs less)", value: "flex" },
  { name: "the model's own (config service_tier)", value: "model" },
] satisfies { name: string; value: TierChoice }[];

const USAGE_SCOPE_CHOICES = [
  { name: "me", value: "me" },
  { name: "this server (admins)", value: "server" },
] satisfies { name: string; value: UsageScope }[];

const USAGE_PERIOD_CHOICES = [
  { name: "today (UTC)", value: "today" },
  { name: "last 7 days", value: "7d" },
  { name: "last 30 days", value: "30d" },
  { name: "all time", value: "all" },
] satisfies { name: string; value: UsagePeriod }[];

/** Servers and the bot's DMs; not other people's DMs (a user-installed app). */
const CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM];

export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  const chat = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.chat)
    .setDescription("Ask a Bedrock model; the answer streams in here")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option.setName(CHAT_OPTIONS.prompt).setDescription("What to ask").setRequired(true).setMaxLength(MAX_PROMPT_LENGTH),
    )
    .addStringOption((option) =>
      option
        .setName(CHAT_OPTIONS.model)
        .setDescription("Model for this answer (default: the channel's, see /model)")
        .setAutocomplete(true)
        .setMaxLength(MAX_MODEL_NAME),
    )
    .addBooleanOption((option) => option.setName(CHAT_OPTIONS.private).setDescription("Only you see the answer"))
    .addBooleanOption((option) => option.setName(CHAT_OPTIONS.thread).setDescription("Answer in a new thread, where the conversation goes on"));

  const model = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.model)
    .setDescription("Show the model answering here, or choose another one (admins)")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option.setName(MODEL_OPTIONS.name).setDescription("Model to use from now on").setAutocomplete(true).setMaxLength(MAX_MODEL_NAME),
    )
    .addStringOption((option) =>
      option.setName(MODEL_OPTIONS.scope).setDescription("Where the change applies (default: this channel)").addChoices(...SETTINGS_SCOPE_CHOICES),
    )
    .addBooleanOption((option) => option.setName(MODEL_OPTIONS.clear).setDescription("Remove the model and tier set at this scope"))
    .addStringOption((option) =>
      option.setName(MODEL_OPTIONS.tier).setDescription("Bedrock service tier from now on (price and speed)").addChoices(...TIER_CHOICES),
    )
    .addBooleanOption((option) =>
      option.setName(MODEL_OPTIONS.citations).setDescription("Cite passages of attached documents as footnotes (models that support it)"),
    );

  const guardrail = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.guardrail)
    .setDescription("Show the Bedrock guardrail in force here, or choose another one (admins)")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option.setName(GUARDRAIL_OPTIONS.name).setDescription("Guardrail from the bot's config").setAutocomplete(true).setMaxLength(MAX_MODEL_NAME),
    )
    .addStringOption((option) =>
      option.setName(GUARDRAIL_OPTIONS.scope).setDescription("Where the change applies (default: this channel)").addChoices(...SETTINGS_SCOPE_CHOICES),
    )
    .addBooleanOption((option) => option.setName(GUARDRAIL_OPTIONS.clear).setDescription("Remove the guardrail chosen at this scope"));

  const system = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.system)
    .setDescription("Show the system prompt in force here, or set one (admins)")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option
        .setName(SYSTEM_OPTIONS.prompt)
        .setDescription("New system prompt; {date} {time} {server} {channel} are filled in")
        .setMaxLength(MAX_PROMPT_LENGTH),
    )
    .addStringOption((option) =>
      option.setName(SYSTEM_OPTIONS.scope).setDescription("Where the change applies (default: this channel)").addChoices(...SETTINGS_SCOPE_CHOICES),
    )
    .addBooleanOption((option) => option.setName(SYSTEM_OPTIONS.clear).setDescription("Remove the prompt set at this scope"));

  const usage = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.usage)
    .setDescription("Tokens and cost by model")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option.setName(USAGE_OPTIONS.scope).setDescription("Whose usage (default: yours)").addChoices(...USAGE_SCOPE_CHOICES),
    )
    .addStringOption((option) =>
      option.setName(USAGE_OPTIONS.period).setDescription("Time window (default: last 30 days)").addChoices(...USAGE_PERIOD_CHOICES),
    );

  const tools = new SlashCommandBuilder()
    .setName(COMMAND_NAMES.tools)
    .setDescription("List the tools models can use here, or switch an MCP server on or off (admins)")
    .setContexts(CONTEXTS)
    .addStringOption((option) =>
      option.setName(TOOLS_OPTIONS.server).setDescription("MCP server (from the bot's config) to switch").setAutocomplete(true).setMaxLength(MAX_SERVER_NAME),
    )
    .addBooleanOption((option) => option.setName(TOOLS_OPTIONS.enabled).setDescription("On or off for this scope"))
    .addStringOption((option) =>
      option.setName(TOOLS_OPTIONS.scope).setDescription("Where the change applies (default: this channel)").addChoices(...SETTINGS_SCOPE_CHOICES),
    )
    .addBooleanOption((option) => option.setName(TOOLS_OPTIONS.clear).setDescription("Remove the switch set at this scope"));

  return [...[chat, model, system, guardrail, usage, tools].map((command) => command.toJSON()), batchCommandDefinition(), addToBatchMenuDefinition()];
}
