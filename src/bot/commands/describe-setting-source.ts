/** Where a setting in force comes from, as `/model` and `/system` say it: `set for #general by @alice on 2025-03-01`. */
import type { ChatSettings, SettingSource } from "../../store/chat-settings.ts";
import type { SettingsPlace } from "./settings-place.ts";

export function describeSettingSource(source: SettingSource, place: SettingsPlace, stored: { channel?: ChatSettings; guild?: ChatSettings }): string {
  switch (source) {
    case "channel":
      return `set for ${placeName(place)}${changedBy(stored.channel)}`;
    case "guild":
      return `this server's default${changedBy(stored.guild)}`;
    case "config":
      return "the bot's default (its config file)";
    default: {
      const unknown: never = source;
      throw new Error(`unknown setting source ${String(unknown)}`);
    }
  }
}

/** `<#id>` in a server (Discord shows the channel's name); a DM has no name worth showing. */
export function placeName(place: SettingsPlace): string {
  return place.guildId === undefined ? "this conversation" : `<#${place.channelId}>`;
}

/** ` (last changed by @alice on 2025-03-01)`: the last change at that level, of any of its settings. */
function changedBy(settings: ChatSettings | undefined): string {
  if (settings?.updatedBy === undefined) return "";
  const on = settings.updatedAt === undefined ? "" : ` on ${settings.updatedAt.slice(0, 10)}`;
  return ` (last changed by <@${settings.updatedBy}>${on})`;
}
