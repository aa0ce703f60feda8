/** Test helpers: chat messages as the discord.js edge would fill them. */
import type { ChatAttachment, ChatMessage } from "../../../src/bot/chat/chat-message.ts";

export const BOT_ID = "900";

let clock = Date.UTC(2025, 0, 31, 12, 0, 0);

export function userMessage(id: string, authorName: string, content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  clock += 60_000;
  return {
    id,
    channelId: "c1",
    authorId: `user-${authorName}`,
    authorName,
    isBot: false,
    content,
    createdAt: clock,
    attachments: [],
    ...extra,
  };
}

export function botMessage(id: string, content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return userMessage(id, "Bedrock", content, { authorId: BOT_ID, isBot: true, ...extra });
}

export function attachment(filename: string, size = 1000): ChatAttachment {
  return { id: `att-${filename}`, filename, url: `https://cdn.discordapp.com/attachments/c1/${filename}`, size };
}
