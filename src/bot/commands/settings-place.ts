/**
 * Which stored settings apply where: a channel's own, else its server's. A thread uses its parent channel's settings,
 * so `/model` in #help also changes the threads of #help (and `/model` inside one of them changes #help); a DM is a
 * channel of its own without a server. The chat side (`answer-conversation.ts`) reads the same keys: a thread's own
 * settings (which no command writes), then its parent's, then the server's.
 */
import type { Interaction } from "discord.js";
import { defaultChatModel, findModel, type LoadedConfig } from "../../config/index.ts";
import type { SettingsScope } from "./command-definitions.ts";
import { resolveChatSettings, type ChatSettings, type ChatSettingsRepository, type ResolvedChatSettings } from "../../store/chat-settings.ts";

export interface SettingsPlace {
  /** The channel whose settings apply: the channel itself, or a thread's parent. */
  channelId: string;
  /** Absent in DMs. */
  guildId?: string;
}

export function settingsPlaceOf(where: { channelId: string; threadParentId?: string | null; guildId?: string | null }): SettingsPlace {
  const channelId = where.threadParentId ?? where.channelId;
  return where.guildId ? { channelId, guildId: where.guildId } : { channelId };
}

/** The place of an interaction (or anything else discord.js gives a channel id, channel and guild id). */
export function settingsPlaceOfInteraction(interaction: Pick<Interaction, "channelId" | "channel" | "guildId">): SettingsPlace {
  const channel = interaction.channel;
  const threadParentId = channel?.isThread() === true ? channel.parentId : null;
  return settingsPlaceOf({ channelId: interaction.channelId ?? "", threadParentId, guildId: interaction.guildId });
}

/** The stored settings of a place, both levels, and what they resolve to. */
export interface PlaceSettings {
  channel: ChatSettings | undefined;
  guild: ChatSettings | undefined;
  resolved: ResolvedChatSettings;
  /** Sentences for the user, e.g. a stored model that is no longer in the config. */
  warnings: string[];
}

export async function loadPlaceSettings(place: SettingsPlace, settings: ChatSettingsRepository, config: LoadedConfig): Promise<PlaceSettings> {
  const [channel, guild] = await Promise.all([settings.getChannel(place.channelId), place.guildId === undefined ? undefined : settings.getGuild(place.guildId)]);
  const fallbackModel = defaultChatModel(config)?.name;
  const resolved = resolveChatSettings(channel, guild, { defaultModel: fallbackModel ?? "", configSystemPrompt: config.data.bot.system_prompt });
  return { channel, guild, ...checkResolvedModel(resolved, config, fallbackModel) };
}

/**
 * A model stored by `/model` may have been removed from the config (or become unusable) since: answer with the
 * config's default instead, and say so, rather than fail every request of that channel.
 */
export function checkResolvedModel(
  resolved: ResolvedChatSettings,
  config: LoadedConfig,
  fallbackModel: string | undefined,
): { resolved: ResolvedChatSettings; warnings: string[] } {
  if (resolved.source.model === "config" || findModel(config, resolved.model)?.kind === "chat") return { resolved, warnings: [] };
  const where = resolved.source.model === "channel" ? "this channel" : "this server";
  const instead = fallbackModel === undefined ? "no chat model is configured" : `using ${fallbackModel} instead`;
  return {
    resolved: { ...resolved, model: fallbackModel ?? "", source: { ...resolved.source, model: "config" } },
    warnings: [`The model "${resolved.model}" set for ${where} is no longer available; ${instead}.`],
  };
}

/** Writes `patch` at `scope` of a place. The permission check has already refused `server` in DMs. */
export async function updatePlaceSettings(settings: ChatSettingsRepository, place: SettingsPlace, scope: SettingsScope, patch: ChatSettings): Promise<ChatSettings> {
  if (scope === "channel") return await settings.updateChannel(place.channelId, patch);
  if (place.guildId === undefined) throw new Error("server settings need a server");
  return await settings.updateGuild(place.guildId, patch);
}
