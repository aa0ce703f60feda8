/**
 * Reading and answering slash commands, shared by the command handlers: who is asking (for permission decisions),
 * which choice an option holds, and private replies that ping nobody.
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type CommandInteraction, type InteractionReplyOptions } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { GuardDecision } from "../guard/guard-decision.ts";
import type { CommandUser } from "./check-command-permission.ts";

export function commandUser(interaction: ChatInputCommandInteraction): CommandUser {
  return {
    userId: interaction.user.id,
    hasManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    inGuild: interaction.inGuild(),
  };
}

/** The value of a choice option, or `fallback` when it was left out (Discord only sends listed choices). */
export function choiceOption<T extends string>(interaction: ChatInputCommandInteraction, name: string, choices: readonly T[], fallback: T): T {
  const value = interaction.options.getString(name);
  return choices.find((choice) => choice === value) ?? fallback;
}

/** Throws the refusal as a `UserFacingError`, which the dispatcher shows privately. */
export function requireAllowed(decision: GuardDecision): void {
  if (!decision.allowed) throw new UserFacingError(decision.reason);
}

/** An ephemeral reply (only the user sees it) that mentions people without pinging them. */
export async function replyPrivately(interaction: CommandInteraction, reply: string | Omit<InteractionReplyOptions, "flags">): Promise<void> {
  const options = typeof reply === "string" ? { content: reply } : reply;
  const payload = { ...options, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
  if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
  else await interaction.reply(payload);
}
