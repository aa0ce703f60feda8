/**
 * A Discord message as the chat core sees it: plain data the discord.js edge fills from a `Message`, so the
 * conversation logic is tested with object literals.
 */

export interface ChatAttachment {
  id: string;
  filename: string;
  /** CDN URL (signed, expires). */
  url: string;
  /** Bytes, as Discord reports it. */
  size: number;
  contentType?: string;
}

export interface ChatMessage {
  id: string;
  channelId: string;
  authorId: string;
  /** Display name in that server (`member.displayName`), else the user's global or user name. */
  authorName: string;
  isBot: boolean;
  /** Empty for other users' messages when the bot lacks the MESSAGE_CONTENT intent. */
  content: string;
  /** Epoch ms. */
  createdAt: number;
  attachments: ChatAttachment[];
  /** The message this one replies to (`message.reference.messageId`). */
  referenceMessageId?: string;
  /** Its channel, when not this message's own (a thread's starter message lives in the parent channel). */
  referenceChannelId?: string;
}
