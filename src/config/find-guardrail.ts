/** Looking up `[[guardrails]]` by name, and which one the file assigns to a place. */
import type { LoadedConfig } from "./parse-config.ts";
import type { GuardrailConfig } from "./schema.ts";

export function findGuardrail(config: LoadedConfig, name: string): GuardrailConfig | undefined {
  return config.data.guardrails.find((guardrail) => guardrail.name === name);
}

/**
 * The guardrail the file assigns to a place: one listing any of `channelIds` (the channel, then a thread's parent),
 * else one listing the server. A place is listed under one guardrail at most (`check-config-references.ts`).
 */
export function guardrailAssignedTo(config: LoadedConfig, place: { channelIds: readonly string[]; guildId?: string }): GuardrailConfig | undefined {
  const { guardrails } = config.data;
  for (const channelId of place.channelIds) {
    const found = guardrails.find((guardrail) => guardrail.channels.includes(channelId));
    if (found !== undefined) return found;
  }
  const { guildId } = place;
  return guildId === undefined ? undefined : guardrails.find((guardrail) => guardrail.servers.includes(guildId));
}
