/**
 * `/system [prompt] [scope] [clear]`: without a prompt, the system prompt in force here and where it comes from;
 * with one (admins), that prompt for this channel or the whole server; `clear` removes the prompt at that scope.
 * Replies are private; the prompt is shown in an embed, which holds the longest prompt `/system` accepts.
 */
import { EmbedBuilder, type ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { BotContext } from "../bot-context.ts";
import { checkSettingsChange } from "./check-command-permission.ts";
import { commandUser, choiceOption, replyPrivately, requireAllowed } from "./command-interaction.ts";
import { SYSTEM_OPTIONS, type SettingsScope } from "./command-definitions.ts";
import { describeSettingSource, placeName } from "./describe-setting-source.ts";
import { loadPlaceSettings, settingsPlaceOfInteraction, updatePlaceSettings, type PlaceSettings, type SettingsPlace } from "./settings-place.ts";

const SCOPES: readonly SettingsScope[] = ["channel", "server"];
/** Discord: an embed description holds <= 4096 characters; the fences and a cut mark take a few. */
const MAX_SHOWN_PROMPT = 4000;

export async function handleSystemCommand(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const prompt = interaction.options.getString(SYSTEM_OPTIONS.prompt);
  const clear = interaction.options.getBoolean(SYSTEM_OPTIONS.clear) ?? false;
  const scope = choiceOption(interaction, SYSTEM_OPTIONS.scope, SCOPES, "channel");
  const place = settingsPlaceOfInteraction(interaction);
  if (prompt === null && !clear) {
    await replyPrivately(interaction, systemPromptView(await loadPlaceSettings(place, context.settings, context.config), place));
    return;
  }
  if (prompt !== null && clear) throw new UserFacingError("Give a prompt or clear, not both.");
  requireAllowed(checkSettingsChange(commandUser(interaction), scope, "system prompt", context.config.data.bot));
  await updatePlaceSettings(context.settings, place, scope, { systemPrompt: prompt ?? undefined, updatedBy: interaction.user.id, updatedAt: context.now().toISOString() });
  const after = await loadPlaceSettings(place, context.settings, context.config);
  await replyPrivately(interaction, { ...systemPromptView(after, place), content: `${describeSystemChange(prompt, scope, place)}\n${sourceLine(after, place)}` });
}

/** What the command just did: `Set the system prompt for #general and its threads (42 characters).` */
export function describeSystemChange(prompt: string | null, scope: SettingsScope, place: SettingsPlace): string {
  const where = scope === "server" ? "this server's default system prompt" : `the system prompt for ${placeName(place)}${place.guildId === undefined ? "" : " and its threads"}`;
  if (prompt === null) return `Removed ${where}.`;
  return `Set ${where} (${prompt.length} characters). It applies from the next answer on.`;
}

function sourceLine(current: PlaceSettings, place: SettingsPlace): string {
  return `System prompt in force here: ${describeSettingSource(current.resolved.source.systemPrompt, place, current)}.`;
}

function systemPromptView(current: PlaceSettings, place: SettingsPlace): { content: string; embeds: EmbedBuilder[] } {
  const embed = new EmbedBuilder()
    .setTitle("System prompt")
    .setDescription(fencedPrompt(current.resolved.systemPrompt))
    .setFooter({ text: "{date} {time} {server} {channel} are filled in for each answer." });
  return { content: sourceLine(current, place), embeds: [embed] };
}

/** The prompt as a code block, cut to fit an embed; a ``` inside it must not close the block. */
export function fencedPrompt(prompt: string): string {
  const text = prompt === "" ? "(empty: no system prompt)" : prompt.replaceAll("```", "`\u200b``");
  const shown = text.length <= MAX_SHOWN_PROMPT ? text : `${text.slice(0, MAX_SHOWN_PROMPT - 1)}…`;
  return `\`\`\`\n${shown}\n\`\`\``;
}
