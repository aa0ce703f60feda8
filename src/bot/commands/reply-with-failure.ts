/**
 * A command that failed is answered privately: a refusal (`UserFacingError`) as its sentence, anything else as a
 * short line with an error id that is also logged.
 */
import { randomUUID } from "node:crypto";
import type { CommandInteraction } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { renderFailure } from "../render/render-failure.ts";
import { replyPrivately } from "./command-interaction.ts";

export async function replyWithFailure(interaction: CommandInteraction, error: unknown, context: Pick<BotContext, "logger">): Promise<void> {
  const errorId = randomUUID().slice(0, 8);
  const failure = renderFailure(error, errorId);
  if (!failure.expected) context.logger.error({ err: error, errorId, command: interaction.commandName }, "command failed");
  try {
    await replyPrivately(interaction, failure.text);
  } catch (replyError) {
    context.logger.warn({ err: replyError, errorId, command: interaction.commandName }, "could not tell the user that the command failed");
  }
}
