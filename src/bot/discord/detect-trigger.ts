/**
 * Whether a message asks the bot for an answer, and why: it @mentions the bot, replies to one of the bot's messages,
 * is a direct message, or is posted in a thread the bot created (there the whole thread is the conversation, so no
 * mention is needed). Never for bots (the bot itself included) or webhooks: two bots answering each other never stop.
 * In a bot thread a message must carry something to read: without the MESSAGE_CONTENT intent Discord sends other
 * messages there empty, and answering "nothing to answer" to each of them would be noise (a mention still works).
 * `reply_in_dms` is not checked here: `checkAccess` refuses DMs with a sentence, rather than ignoring them.
 */
import { ChannelType, type Message } from "discord.js";

export type ChatTrigger = "mention" | "reply" | "dm" | "thread";

export function detectTrigger(message: Message, botUserId: string): ChatTrigger | undefined {
  if (message.author.bot || message.webhookId !== null || message.system) return undefined;
  if (message.channel.type === ChannelType.DM) return "dm";
  if (message.mentions.users.has(botUserId)) return "mention";
  if (message.mentions.repliedUser?.id === botUserId) return "reply";
  const readable = message.content !== "" || message.attachments.size > 0;
  if (message.channel.isThread() && message.channel.ownerId === botUserId && readable) return "thread";
  return undefined;
}
