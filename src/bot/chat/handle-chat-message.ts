/**
 * A new message: does it ask the bot (`detectTrigger`)? Then the guards (access, rate, spend cap) — a refusal is a
 * short reply saying why — and the answer, a reply to the message, streamed (`answerConversation`). A message that
 * replies to an answer still being generated, or follows one in a bot thread, waits for it: its history must hold
 * the finished answer.
 */
import type { Message } from "discord.js";
import { parseChatButtonId } from "../render/chat-buttons.ts";
import { FAILURE_MARK } from "../render/chat-decorations.ts";
import { accessRequestFor } from "../discord/access-request.ts";
import { answerConversation } from "../discord/answer-conversation.ts";
import { replySurface } from "../discord/answer-surface.ts";
import type { ChatRun } from "../discord/chat-runs.ts";
import type { ChatRuntime } from "../discord/chat-runtime.ts";
import { checkChatGuards } from "../discord/check-chat-guards.ts";
import { conversationPlace } from "../discord/conversation-place.ts";
import { detectTrigger } from "../discord/detect-trigger.ts";
import { isBotThread, loadHistory } from "../discord/load-history.ts";

export async function handleChatMessage(message: Message, runtime: ChatRuntime): Promise<void> {
  const botUserId = runtime.client.user?.id;
  if (runtime.closing || botUserId === undefined || detectTrigger(message, botUserId) === undefined) return;
  const decision = await checkChatGuards(runtime, accessRequestFor(message.author.id, message.member, message.channel), message.guildId);
  if (!decision.allowed) {
    // Told once already (flooding): a reply per message would make the bot flood the channel in turn, so the
    // message only gets a ⏳ (nothing if the bot may not react there).
    if (decision.quiet === true) {
      await message.react("⏳").catch((error: unknown) => runtime.logger.debug({ err: error }, "could not react to a rate-limited message"));
      return;
    }
    await message.reply({ content: FAILURE_MARK + decision.reason, allowedMentions: { parse: [], repliedUser: true }, failIfNotExists: false });
    return;
  }
  await answerMessage(message, runtime);
}

/** Answers `message` (already checked): also what Retry runs for a message answer. */
export async function answerMessage(message: Message, runtime: ChatRuntime): Promise<void> {
  const botUserId = runtime.client.user?.id ?? "";
  await answerConversation(runtime, {
    runId: message.id,
    requesterId: message.author.id,
    requesterRoleIds: message.member === null ? [] : [...message.member.roles.cache.keys()],
    place: conversationPlace(message.channel),
    postAside: (aside) => message.reply({ ...aside, allowedMentions: { parse: [] }, failIfNotExists: false }),
    after: answersToWaitFor(message, runtime, botUserId),
    loadHistory: (fresh) => loadHistory(message, { client: runtime.client, botUserId, historyLimit: runtime.config.data.bot.history_limit, fresh }),
    surface: replySurface(message),
    ...(message.channel.isSendable() ? { typingIn: message.channel } : {}),
  });
}

function answersToWaitFor(message: Message, runtime: ChatRuntime, botUserId: string): ChatRun[] {
  if (isBotThread(message.channel, botUserId)) return runtime.runs.inChannel(message.channelId);
  const repliedTo = message.reference?.messageId;
  if (repliedTo === undefined) return [];
  const run = runtime.runs.ofMessage(repliedTo) ?? runOfButtons(message.channel.messages.cache.get(repliedTo), runtime);
  return run === undefined ? [] : [run];
}

/**
 * The run named by a message's Stop button: the reply may arrive before the bot learnt the id of the part it just
 * posted (the gateway can be faster than the REST answer), but the part's own MESSAGE_CREATE came first.
 */
function runOfButtons(message: Message | undefined, runtime: ChatRuntime): ChatRun | undefined {
  for (const row of message?.components ?? []) {
    if (!("components" in row)) continue;
    for (const component of row.components) {
      const parsed = "customId" in component && typeof component.customId === "string" ? parseChatButtonId(component.customId) : undefined;
      const run = parsed?.action === "stop" ? runtime.runs.active(parsed.runId) : undefined;
      if (run !== undefined) return run;
    }
  }
  return undefined;
}
