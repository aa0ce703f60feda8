import { ApplicationFlags } from "discord-api-types/v10";
import type { FakeDiscordOptions } from "./options.ts";

/**
 * The application's flags for the privileged intents enabled in the portal: for an app in fewer than 100 servers
 * (unverified) Discord sets the `_LIMITED` bits — GATEWAY_PRESENCE_LIMITED 1<<13, GATEWAY_GUILD_MEMBERS_LIMITED 1<<15,
 * GATEWAY_MESSAGE_CONTENT_LIMITED 1<<19 (Discord docs, "Application Flags"). Enabled unless the option says false.
 */
export function applicationFlags(privileged: FakeDiscordOptions["privilegedIntents"] = {}): number {
  return (
    (privileged.guildPresences === false ? 0 : ApplicationFlags.GatewayPresenceLimited) |
    (privileged.guildMembers === false ? 0 : ApplicationFlags.GatewayGuildMembersLimited) |
    (privileged.messageContent === false ? 0 : ApplicationFlags.GatewayMessageContentLimited)
  );
}
