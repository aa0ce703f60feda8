import { GatewayIntentBits } from "discord-api-types/v10";

/** Privileged intents must be enabled for the application (developer portal) before a bot may request them. */
export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Every intent bit discord-api-types knows; IDENTIFY with other bits is closed with 4013 Invalid intents. */
export const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === "number")
  .reduce((all, bit) => all | bit, 0);

/**
 * The intent a session needs to receive a dispatch, or 0 when every session gets it.
 * `inGuild` tells guild events from DM events (MESSAGE_* needs GUILD_MESSAGES or DIRECT_MESSAGES).
 */
export function intentFor(event: string, inGuild: boolean): number {
  switch (event) {
    case "GUILD_CREATE":
    case "GUILD_DELETE":
    case "CHANNEL_CREATE":
    case "CHANNEL_UPDATE":
    case "CHANNEL_DELETE":
    case "THREAD_CREATE":
    case "THREAD_UPDATE":
    case "THREAD_DELETE":
    case "THREAD_MEMBER_UPDATE":
    case "THREAD_MEMBERS_UPDATE":
    case "GUILD_ROLE_CREATE":
    case "GUILD_ROLE_UPDATE":
      return GatewayIntentBits.Guilds;
    case "GUILD_MEMBER_ADD":
    case "GUILD_MEMBER_UPDATE":
    case "GUILD_MEMBER_REMOVE":
      return GatewayIntentBits.GuildMembers;
    case "MESSAGE_CREATE":
    case "MESSAGE_UPDATE":
    case "MESSAGE_DELETE":
      return inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    case "MESSAGE_REACTION_ADD":
    case "MESSAGE_REACTION_REMOVE":
      return inGuild ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
    case "TYPING_START":
      return inGuild ? GatewayIntentBits.GuildMessageTyping : GatewayIntentBits.DirectMessageTyping;
    default:
      return 0;
  }
}

/**
 * Without MESSAGE_CONTENT a bot still sees content of DMs, of its own messages and of messages that mention it
 * (Discord docs, "Message Content Intent"); elsewhere content, embeds, attachments, components and poll are empty.
 */
export function seesContent(hasMessageContent: boolean, message: { guildId: string | null; authorId: string; mentionedUserIds: readonly string[] }, botId: string): boolean {
  return hasMessageContent || message.guildId === null || message.authorId === botId || message.mentionedUserIds.includes(botId);
}

/** Empties the content-bearing fields of a message payload. */
export function withoutContent(payload: Record<string, unknown>): Record<string, unknown> {
  const { poll: _poll, ...rest } = payload;
  return { ...rest, content: "", embeds: [], attachments: [], components: [] };
}
