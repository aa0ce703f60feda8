/**
 * The guardrail in force at a place: one set by `/guardrail` for the channel (a thread: its parent's), else for the
 * server, else the one the config assigns (`[[guardrails]] channels / servers`), else none. A name stored by the
 * command that the config no longer defines falls back to the config's assignment, with a warning: safe, not silent.
 */
import { findGuardrail, guardrailAssignedTo, type GuardrailConfig, type LoadedConfig } from "../../config/index.ts";
import type { ChatSettings, SettingSource } from "../../store/chat-settings.ts";

export interface GuardrailInForce {
  guardrail?: GuardrailConfig;
  /** Where the choice comes from; absent when no guardrail applies. */
  source?: SettingSource;
  warnings: string[];
}

export interface GuardrailPlace {
  /** The channel, then a thread's parent. */
  channelIds: readonly string[];
  guildId?: string;
}

export function resolveGuardrail(stored: { channel?: ChatSettings; guild?: ChatSettings }, config: LoadedConfig, place: GuardrailPlace): GuardrailInForce {
  const warnings: string[] = [];
  for (const [level, settings] of [["channel", stored.channel], ["guild", stored.guild]] as const) {
    const name = settings?.guardrail;
    if (name === undefined) continue;
    const guardrail = findGuardrail(config, name);
    if (guardrail !== undefined) return { guardrail, source: level, warnings };
    warnings.push(`The guardrail "${name}" set for this ${level === "channel" ? "channel" : "server"} is no longer in the bot's config; the config's assignment applies instead.`);
  }
  const assigned = guardrailAssignedTo(config, { channelIds: place.channelIds, ...(place.guildId === undefined ? {} : { guildId: place.guildId }) });
  return assigned === undefined ? { warnings } : { guardrail: assigned, source: "config", warnings };
}
