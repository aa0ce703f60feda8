/**
 * discord.js `Message` -> the chat core's plain `ChatMessage`. A `/chat` answer (the bot's interaction reply whose
 * first line is a `promptHeader`) becomes two messages: the asker's prompt, and the answer replying to it — the
 * prompt gets the synthetic id `<answer id>:prompt`, which `fetchChatMessage` resolves without a request.
 */
import { InteractionType, type Message } from "discord.js";
import type { ChatMessage } from "../chat/chat-message.ts";
import { readPromptHeader } from "./chat-prompt-header.ts";

const PROMPT_SUFFIX = ":prompt";

export function toChatMessage(message: Message): ChatMessage {
  const reference = message.reference?.messageId;
  const referenceChannel = message.reference?.channelId;
  const prompt = commandPrompt(message);
  return {
    id: message.id,
    channelId: message.channelId,
    authorId: message.author.id,
    authorName: message.member?.displayName ?? message.author.globalName ?? message.author.username,
    isBot: message.author.bot,
    content: message.content,
    createdAt: message.createdTimestamp,
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.name,
      url: attachment.url,
      size: attachment.size,
      ...(attachment.contentType === null ? {} : { contentType: attachment.contentType }),
    })),
    ...(prompt !== undefined ? { referenceMessageId: prompt.id } : reference === undefined ? {} : { referenceMessageId: reference }),
    ...(prompt === undefined && referenceChannel !== undefined && referenceChannel !== message.channelId ? { referenceChannelId: referenceChannel } : {}),
  };
}

/** The prompt a `/chat` answer carries, as the asker's message; `undefined` for any other message. */
export function commandPrompt(message: Message): ChatMessage | undefined {
  const metadata = message.interactionMetadata;
  if (metadata?.type !== InteractionType.ApplicationCommand || !message.author.bot) return undefined;
  const prompt = readPromptHeader(message.content);
  if (prompt === undefined) return undefined;
  return {
    id: message.id + PROMPT_SUFFIX,
    channelId: message.channelId,
    authorId: metadata.user.id,
    authorName: metadata.user.globalName ?? metadata.user.username,
    isBot: false,
    content: prompt,
    createdAt: message.createdTimestamp - 1,
    attachments: [],
  };
}

/** The answer id of a synthetic prompt id; `undefined` for a real message id. */
export function answerIdOfPrompt(messageId: string): string | undefined {
  return messageId.endsWith(PROMPT_SUFFIX) ? messageId.slice(0, -PROMPT_SUFFIX.length) : undefined;
}
