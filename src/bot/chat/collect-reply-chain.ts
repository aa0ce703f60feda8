/**
 * The reply chain is the conversation (llmcord's idea): from the triggering message, follow `referenceMessageId`
 * back, one fetch at a time, oldest first in the result. Two replies to the same message are two conversations
 * that share their past, so branching works without any stored history.
 *
 * It stops at the chain's first message, at `maxMessages`, at a message that cannot be loaded (deleted: said in a
 * warning), and at a loop. Ask for `history_limit + 1` messages: `buildConversation` then sees that the chain was
 * longer and says so.
 */
import type { ChatMessage } from "./chat-message.ts";

/** Loads a message (the edge: cache, then REST); `undefined` or a throw when it is gone or unreadable. */
export type FetchMessage = (messageId: string, channelId: string) => Promise<ChatMessage | undefined>;

export interface ReplyChain {
  value: ChatMessage[];
  warnings: string[];
}

export async function collectReplyChain(trigger: ChatMessage, fetchMessage: FetchMessage, maxMessages: number): Promise<ReplyChain> {
  const newestFirst: ChatMessage[] = [trigger];
  const seen = new Set([trigger.id]);
  const warnings: string[] = [];
  for (let current = trigger; newestFirst.length < maxMessages && current.referenceMessageId !== undefined; ) {
    const { referenceMessageId } = current;
    if (seen.has(referenceMessageId)) break;
    const parent = await fetchMessage(referenceMessageId, current.referenceChannelId ?? current.channelId).catch(() => undefined);
    if (parent === undefined) {
      warnings.push("A message earlier in this reply chain could not be loaded (deleted?); the conversation starts after it.");
      break;
    }
    newestFirst.push(parent);
    seen.add(parent.id);
    current = parent;
  }
  return { value: newestFirst.reverse(), warnings };
}
