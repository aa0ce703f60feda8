/**
 * The one entry the plugin's `interactionCreate` listener calls for slash commands and their autocomplete:
 * dispatches by command name and answers failures privately (a refusal as its sentence, anything else
 * as a short line with an error id that is also logged). Returns false for interactions that are not ours (buttons,
 * other apps' commands sharing the client), so the caller can pass them on.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction } from "discord.js";
import { ADD_TO_BATCH_MENU, BATCH_COMMAND } from "../batch/batch-command-definition.ts";
import type { BotContext } from "../bot-context.ts";
import { CHAT_OPTIONS, COMMAND_NAMES, GUARDRAIL_OPTIONS, MODEL_OPTIONS } from "./command-definitions.ts";
import { handleGuardrailCommand } from "./guardrail-command.ts";
import { replyWithFailure } from "./reply-with-failure.ts";
import { handleModelCommand } from "./model-command.ts";
import { suggestGuardrails, suggestModels } from "./suggest-models.ts";
import { suggestMcpServers } from "./tools-command.ts";
import { handleSystemCommand } from "./system-command.ts";
import { handleUsageCommand } from "./usage-command.ts";

type CommandHandler = (interaction: ChatInputCommandInteraction, context: BotContext) => Promise<void>;

const COMMAND_HANDLERS: Readonly<Record<string, CommandHandler>> = {
  [COMMAND_NAMES.model]: handleModelCommand,
  [COMMAND_NAMES.system]: handleSystemCommand,
  [COMMAND_NAMES.guardrail]: handleGuardrailCommand,
  [COMMAND_NAMES.usage]: handleUsageCommand,
  // `/batch` and its parsers load on first use: a bot that never batches never pays for them.
  [BATCH_COMMAND]: async (interaction, context) => (await import("../batch/handle-batch-command.ts")).handleBatchCommand(interaction, context),
};

/** The option of each command that autocompletes model names. */
const MODEL_NAME_OPTIONS: Readonly<Record<string, string>> = {
  [COMMAND_NAMES.chat]: CHAT_OPTIONS.model,
  [COMMAND_NAMES.model]: MODEL_OPTIONS.name,
};

export async function handleCommandInteraction(interaction: Interaction, context: BotContext): Promise<boolean> {
  if (interaction.isAutocomplete()) return answerAutocomplete(interaction, context);
  if (interaction.isMessageContextMenuCommand() && interaction.commandName === ADD_TO_BATCH_MENU) {
    const { handleAddToBatchMenu } = await import("../batch/batch-draft-command.ts");
    await handleAddToBatchMenu(interaction, context).catch((error: unknown) => replyWithFailure(interaction, error, context));
    return true;
  }
  if (!interaction.isChatInputCommand()) return false;
  const handler = COMMAND_HANDLERS[interaction.commandName];
  if (handler === undefined) return false;
  try {
    await handler(interaction, context);
  } catch (error) {
    await replyWithFailure(interaction, error, context);
  }
  return true;
}

async function answerAutocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<boolean> {
  if (interaction.commandName === BATCH_COMMAND) {
    const { answerBatchAutocomplete } = await import("../batch/handle-batch-command.ts");
    await answerBatchAutocomplete(interaction, context).catch((error: unknown) => context.logger.warn({ err: error }, "batch autocomplete failed"));
    return true;
  }
  if (interaction.commandName === COMMAND_NAMES.tools) {
    await respond(interaction, context, suggestMcpServers(context.config.data.mcp_servers, String(interaction.options.getFocused())));
    return true;
  }
  const modelOption = MODEL_NAME_OPTIONS[interaction.commandName];
  const isGuardrail = interaction.commandName === COMMAND_NAMES.guardrail;
  if (modelOption === undefined && !isGuardrail) return false;
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  const choices = isGuardrail
    ? focused.name === GUARDRAIL_OPTIONS.name
      ? suggestGuardrails(context.config.data.guardrails, typed)
      : []
    : focused.name === modelOption
      ? suggestModels(context.config.models, typed)
      : [];
  await respond(interaction, context, choices);
  return true;
}

async function respond(interaction: AutocompleteInteraction, context: BotContext, choices: { name: string; value: string }[]): Promise<void> {
  try {
    await interaction.respond(choices);
  } catch (error) {
    // Nobody to tell: the user just sees no suggestions (typically the 3-s answer window passed).
    context.logger.warn({ err: error, command: interaction.commandName }, "autocomplete answer failed");
  }
}
