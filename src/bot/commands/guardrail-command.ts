/**
 * `/guardrail [name] [scope] [clear]`, shaped like `/model` and `/system`: without a name, the guardrail in force here
 * and where it comes from; with one (admins), that `[[guardrails]]` entry for this channel or the whole server;
 * `clear` removes the choice at that scope, so the config's assignment (if any) applies again. A guardrail the config
 * assigns cannot be switched off from Discord, only replaced by another one: removing safety is the config's call.
 */
import type { ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { findGuardrail, type GuardrailConfig, type LoadedConfig } from "../../config/index.ts";
import type { BotContext } from "../bot-context.ts";
import { resolveGuardrail } from "../chat/resolve-guardrail.ts";
import { checkSettingsChange } from "./check-command-permission.ts";
import { choiceOption, commandUser, replyPrivately, requireAllowed } from "./command-interaction.ts";
import { GUARDRAIL_OPTIONS, type SettingsScope } from "./command-definitions.ts";
import { describeSettingSource, placeName } from "./describe-setting-source.ts";
import { loadPlaceSettings, settingsPlaceOfInteraction, updatePlaceSettings, type PlaceSettings, type SettingsPlace } from "./settings-place.ts";

const SCOPES: readonly SettingsScope[] = ["channel", "server"];

export async function handleGuardrailCommand(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString(GUARDRAIL_OPTIONS.name);
  const clear = interaction.options.getBoolean(GUARDRAIL_OPTIONS.clear) ?? false;
  const scope = choiceOption(interaction, GUARDRAIL_OPTIONS.scope, SCOPES, "channel");
  const place = settingsPlaceOfInteraction(interaction);
  if (name === null && !clear) {
    await replyPrivately(interaction, describeGuardrailInForce(await loadPlaceSettings(place, context.settings, context.config), place, context.config));
    return;
  }
  if (name !== null && clear) throw new UserFacingError("Give a guardrail name or clear, not both.");
  requireAllowed(checkSettingsChange(commandUser(interaction), scope, "guardrail", context.config.data.bot));
  const guardrail = name === null ? undefined : requireGuardrail(context.config, name);
  await updatePlaceSettings(context.settings, place, scope, { guardrail: guardrail?.name, updatedBy: interaction.user.id, updatedAt: context.now().toISOString() });
  const after = await loadPlaceSettings(place, context.settings, context.config);
  await replyPrivately(interaction, `${describeGuardrailChange(guardrail, scope, place)}\n${describeGuardrailInForce(after, place, context.config)}`);
}

function requireGuardrail(config: LoadedConfig, name: string): GuardrailConfig {
  const found = findGuardrail(config, name);
  if (found !== undefined) return found;
  const names = config.data.guardrails.map((guardrail) => guardrail.name);
  throw new UserFacingError(
    names.length === 0 ? "No guardrails are configured ([[guardrails]] in the bot's config)." : `There is no guardrail "${name}"; configured: ${names.join(", ")}.`,
  );
}

function describeGuardrailChange(guardrail: GuardrailConfig | undefined, scope: SettingsScope, place: SettingsPlace): string {
  const where = scope === "server" ? "as this server's default" : `for ${placeName(place)}${place.guildId === undefined ? "" : " and its threads"}`;
  if (guardrail === undefined) return scope === "server" ? "Removed this server's guardrail choice." : `Removed the guardrail set ${where}.`;
  return `Set guardrail **${guardrail.name}** ${where}.`;
}

/** `Guardrail **strict** (version 2) applies here — set for #general (...).`, or that none applies. */
function describeGuardrailInForce(current: PlaceSettings, place: SettingsPlace, config: LoadedConfig): string {
  const channelIds = [place.channelId];
  const inForce = resolveGuardrail(current, config, { channelIds, ...(place.guildId === undefined ? {} : { guildId: place.guildId }) });
  const lines =
    inForce.guardrail === undefined || inForce.source === undefined
      ? ["No guardrail applies here."]
      : [`Guardrail **${inForce.guardrail.name}** (version ${inForce.guardrail.version}) applies here — ${describeSettingSource(inForce.source, place, current)}.`];
  lines.push(...inForce.warnings.map((warning) => `⚠️ ${warning}`));
  return lines.join("\n");
}
