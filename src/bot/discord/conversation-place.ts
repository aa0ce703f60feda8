/** A discord.js channel -> the `ConversationPlace` settings and the system prompt are read from. */
import type { TextBasedChannel } from "discord.js";
import type { ConversationPlace } from "./answer-conversation.ts";

export function conversationPlace(channel: TextBasedChannel): ConversationPlace {
  if (channel.isDMBased()) return { guildId: null, channelId: channel.id };
  return {
    guildId: channel.guildId,
    guildName: channel.guild.name,
    channelId: channel.id,
    ...(channel.isThread() && channel.parentId !== null ? { parentChannelId: channel.parentId } : {}),
    channelName: channel.name,
  };
}
