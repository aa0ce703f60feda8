/**
 * The conversation a triggering message belongs to, as `ChatMessage`s oldest first, ending with the trigger:
 *
 * - in a thread the bot created, the thread is the conversation: its last `history_limit + 1` messages (paged,
 *   Discord returns at most 100 per request), preceded by the message the thread was started from when the whole
 *   thread fits (a `/chat` answer: its prompt and answer);
 * - anywhere else, the reply chain (`collectReplyChain`): each parent is read from discord.js's message cache, or
 *   fetched — except messages in `fresh` (answers that just finished streaming), which are always re-read, since the
 *   cache may still hold a version from before their final edit.
 *
 * `history_limit + 1` messages are collected so `buildConversation` notices a longer history and says so.
 */
import type { Client, Message, ThreadChannel } from "discord.js";
import type { ChatMessage } from "../chat/chat-message.ts";
import { collectReplyChain } from "../chat/collect-reply-chain.ts";
import { answerIdOfPrompt, commandPrompt, toChatMessage } from "./to-chat-message.ts";

export interface HistoryOptions {
  client: Client;
  botUserId: string;
  historyLimit: number;
  /** Message ids to re-read from Discord rather than the cache. */
  fresh?: ReadonlySet<string>;
}

export interface LoadedHistory {
  value: ChatMessage[];
  warnings: string[];
}

/** Discord: `GET /channels/{id}/messages` returns at most 100 messages. */
const PAGE = 100;

export function isBotThread(channel: Message["channel"], botUserId: string): channel is Extract<Message["channel"], ThreadChannel> {
  return channel.isThread() && channel.ownerId === botUserId;
}

export async function loadHistory(trigger: Message, options: HistoryOptions): Promise<LoadedHistory> {
  const wanted = options.historyLimit + 1;
  if (isBotThread(trigger.channel, options.botUserId)) return { value: await threadHistory(trigger, trigger.channel, wanted), warnings: [] };
  return await collectReplyChain(toChatMessage(trigger), (id, channelId) => fetchChatMessage(options, id, channelId), wanted);
}

/** One message by id, as the chat core sees it; a synthetic `/chat` prompt id resolves to that answer's prompt. */
async function fetchChatMessage(options: Pick<HistoryOptions, "client" | "fresh">, messageId: string, channelId: string): Promise<ChatMessage | undefined> {
  const answerId = answerIdOfPrompt(messageId);
  const message = await fetchMessage(options, answerId ?? messageId, channelId);
  if (message === undefined) return undefined;
  return answerId === undefined ? toChatMessage(message) : commandPrompt(message);
}

async function fetchMessage({ client, fresh }: Pick<HistoryOptions, "client" | "fresh">, messageId: string, channelId: string): Promise<Message | undefined> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
  if (channel === null || !channel.isTextBased()) return undefined;
  return await channel.messages.fetch({ message: messageId, force: fresh?.has(messageId) === true });
}

async function threadHistory(trigger: Message, thread: ThreadChannel, wanted: number): Promise<ChatMessage[]> {
  const older: Message[] = [];
  let before = trigger.id;
  while (older.length < wanted - 1) {
    const limit = Math.min(PAGE, wanted - 1 - older.length);
    const page = await thread.messages.fetch({ limit, before });
    const messages = [...page.values()].filter((message) => !message.system);
    older.push(...messages);
    const oldest = [...page.values()].sort((a, b) => a.createdTimestamp - b.createdTimestamp)[0];
    if (page.size < limit || oldest === undefined) break;
    before = oldest.id;
  }
  older.sort((a, b) => a.createdTimestamp - b.createdTimestamp);
  const history = [...older.map(toChatMessage), toChatMessage(trigger)];
  if (history.length >= wanted) return history.slice(-wanted);
  const starter = await thread.fetchStarterMessage().catch(() => null);
  if (starter === null) return history;
  const prompt = commandPrompt(starter);
  return [...(prompt === undefined ? [] : [prompt]), toChatMessage(starter), ...history].slice(-wanted);
}
