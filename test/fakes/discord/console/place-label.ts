/** How the console names a channel: `#general`, `thread "ideas" in #general`, `DM with alice`. */
import type { World } from "../world.ts";

export function placeLabel(world: Pick<World, "channels" | "users">, channelId: string): string {
  const channel = world.channels.get(channelId);
  if (channel === undefined) return `channel ${channelId}`;
  if (channel.guildId === null) return `DM with ${world.users.get(channel.recipientIds[0] ?? "")?.username ?? "?"}`;
  if (channel.thread !== null) return `thread "${channel.name ?? "?"}" in #${world.channels.get(channel.parentId ?? "")?.name ?? "?"}`;
  return `#${channel.name ?? "?"}`;
}
