/**
 * `/model [name] [scope] [clear] [citations]`: without a name, which model answers here, its price and where that choice
 * comes from; with one (admins), that model for this channel or the whole server; `clear` removes the choice at that
 * scope; `citations` (admins) turns document citations on or off there, over the model's `citations`.
 * Replies are private. Autocomplete for the name comes from `suggestModels`.
 */
import type { ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import { findModel, type LoadedConfig, type ModelConfig } from "../../config/index.ts";
import type { BotContext } from "../bot-context.ts";
import { checkSettingsChange } from "./check-command-permission.ts";
import { commandUser, choiceOption, replyPrivately, requireAllowed } from "./command-interaction.ts";
import { MODEL_OPTIONS, type SettingsScope, type TierChoice } from "./command-definitions.ts";
import { describeSettingSource, placeName } from "./describe-setting-source.ts";
import { loadPlaceSettings, settingsPlaceOfInteraction, updatePlaceSettings, type PlaceSettings, type SettingsPlace } from "./settings-place.ts";
import { describeModelPrice } from "./suggest-models.ts";

const SCOPES: readonly SettingsScope[] = ["channel", "server"];
const TIERS: readonly TierChoice[] = ["default", "priority", "flex", "model"];

export async function handleModelCommand(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString(MODEL_OPTIONS.name);
  const clear = interaction.options.getBoolean(MODEL_OPTIONS.clear) ?? false;
  const scope = choiceOption(interaction, MODEL_OPTIONS.scope, SCOPES, "channel");
  const tierValue = interaction.options.getString(MODEL_OPTIONS.tier);
  const tier = tierValue === null ? undefined : TIERS.find((choice) => choice === tierValue);
  const citations = interaction.options.getBoolean(MODEL_OPTIONS.citations);
  const place = settingsPlaceOfInteraction(interaction);
  if (citations !== null && name === null && !clear && tier === undefined) {
    requireAllowed(checkSettingsChange(commandUser(interaction), scope, "citation setting", context.config.data.bot));
    await updatePlaceSettings(context.settings, place, scope, { citations, updatedBy: interaction.user.id, updatedAt: context.now().toISOString() });
    const where = scope === "server" ? "in this server's channels without their own setting" : `in ${placeName(place)}`;
    await replyPrivately(interaction, `Citations are now ${citations ? "on" : "off"} ${where}: ${citations ? "answers about attached documents end with numbered footnotes of the passages cited (on models that support citations)" : "documents are sent without citations"}.`);
    return;
  }
  if (name === null && !clear && tier === undefined) {
    const current = await loadPlaceSettings(place, context.settings, context.config);
    await replyPrivately(interaction, describeModelInForce(current, place, context.config));
    return;
  }
  if ((name !== null || tier !== undefined) && clear) throw new UserFacingError("Give a model name or tier, or clear, not both.");
  requireAllowed(checkSettingsChange(commandUser(interaction), scope, "model", context.config.data.bot));
  const model = name === null ? undefined : chooseModel(context.config, "chat", name).model;
  const stamp = { updatedBy: interaction.user.id, updatedAt: context.now().toISOString() };
  const patch = clear
    ? { model: undefined, serviceTier: undefined }
    : { ...(model === undefined ? {} : { model: model.name }), ...(tier === undefined ? {} : { serviceTier: tier === "model" ? undefined : tier }) };
  await updatePlaceSettings(context.settings, place, scope, { ...patch, ...stamp });
  const after = await loadPlaceSettings(place, context.settings, context.config);
  const changes = [...(name !== null || clear ? [describeModelChange(model, scope, place)] : []), ...(tier === undefined ? [] : [describeTierChange(tier, scope, place)])];
  await replyPrivately(interaction, `${changes.join("\n")}\n${describeModelInForce(after, place, context.config)}`);
}

/** `Service tier **flex** for #general and its threads.` */
function describeTierChange(tier: TierChoice, scope: SettingsScope, place: SettingsPlace): string {
  const where = scope === "server" ? "as this server's default" : `for ${placeName(place)}${place.guildId === undefined ? "" : " and its threads"}`;
  return tier === "model" ? `The model's own service tier applies ${where}.` : `Service tier **${tier}** ${where}.`;
}

/** `Set **claude** for #general and its threads.` and the like: what the command just did. */
export function describeModelChange(model: ModelConfig | undefined, scope: SettingsScope, place: SettingsPlace): string {
  const where = scope === "server" ? "as this server's default" : `for ${placeName(place)}${place.guildId === undefined ? "" : " and its threads"}`;
  if (model === undefined) return scope === "server" ? "Removed this server's default model." : `Removed the model set ${where}.`;
  return `Set **${model.name}** ${where}.`;
}

/** `**claude** answers here — $3.00 / $15.00 per 1M tokens, set for #general (...).` plus any warning. */
export function describeModelInForce(current: PlaceSettings, place: SettingsPlace, config: LoadedConfig): string {
  const { resolved } = current;
  const model = findModel(config, resolved.model);
  const lines = model
    ? [`**${model.name}** answers here — ${describeModelPrice(model)}; ${describeSettingSource(resolved.source.model, place, current)}.`]
    : ["No chat model is configured, so nothing can answer here."];
  const tier = resolved.serviceTier ?? model?.service_tier;
  if (model !== undefined && tier !== undefined) {
    lines.push(`Service tier: **${tier}**${resolved.serviceTier === undefined ? " (the model's service_tier)" : " (set with /model tier)"}.`);
  }
  if (resolved.source.model === "channel" && current.guild?.model !== undefined) {
    lines.push(`This server's default is **${current.guild.model}**; \`/model clear:True\` goes back to it.`);
  }
  lines.push(...current.warnings.map((warning) => `⚠️ ${warning}`));
  return lines.join("\n");
}
