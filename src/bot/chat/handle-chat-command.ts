/**
 * `/chat prompt:<text> [model] [private] [thread]`: a new conversation started by command. The guards run first (a
 * refusal is a private note), then the reply is deferred (Discord wants an answer within 3 s) and the answer streams
 * into it (`interactionSurface`), under a header line showing the prompt — which is how a later reply to the answer,
 * or a thread started from it, still knows the question. `private` answers ephemerally. `thread` starts a thread
 * from the finished answer; the bot owns it, so the conversation continues there without mentions.
 *
 * The command is defined with the others (`command-definitions.ts`); the plugin dispatches `/chat` itself, since it
 * needs the plugin's runtime (edit scheduler, running answers). Prompts longer than the header shows (1500
 * characters) are answered whole but remembered cut in later history.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from "discord.js";
import { roleIdsOf } from "../batch/batch-submit-command.ts";
import type { planMessage } from "../batch/hold-batch-plan.ts";
import { CHAT_OPTIONS } from "../commands/command-definitions.ts";
import { FAILURE_MARK } from "../render/chat-decorations.ts";
import { accessRequestFor } from "../discord/access-request.ts";
import { answerConversation, type ConversationPlace } from "../discord/answer-conversation.ts";
import { promptHeader } from "../discord/chat-prompt-header.ts";
import type { CommandRequest } from "../discord/chat-runs.ts";
import type { ChatRuntime } from "../discord/chat-runtime.ts";
import { checkChatGuards } from "../discord/check-chat-guards.ts";
import { conversationPlace } from "../discord/conversation-place.ts";
import { interactionSurface } from "../discord/interaction-surface.ts";

/** Discord: a thread name is 1-100 characters. */
const MAX_THREAD_NAME = 100;

export async function handleChatCommand(interaction: ChatInputCommandInteraction, runtime: ChatRuntime): Promise<void> {
  const request: CommandRequest = {
    prompt: interaction.options.getString(CHAT_OPTIONS.prompt, true),
    ephemeral: interaction.options.getBoolean(CHAT_OPTIONS.private) ?? false,
    askedBy: interaction.member !== null && "displayName" in interaction.member ? interaction.member.displayName : (interaction.user.globalName ?? interaction.user.username),
  };
  const model = interaction.options.getString(CHAT_OPTIONS.model);
  if (model !== null) request.model = model;
  const channel = interaction.channel;
  const access =
    channel === null
      ? { userId: interaction.user.id, roleIds: [], channelId: interaction.channelId, parentIds: [], isDM: !interaction.inGuild() }
      : accessRequestFor(interaction.user.id, interaction.member, channel);
  const decision = await checkChatGuards(runtime, access, interaction.guildId);
  if (!decision.allowed) {
    await interaction.reply({ content: FAILURE_MARK + decision.reason, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  await interaction.deferReply(request.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  await answerCommand(interaction, runtime, request, interaction.user.id, { thread: interaction.options.getBoolean(CHAT_OPTIONS.thread) ?? false });
}

/** Answers `request` into the (already deferred) reply of `interaction`: `/chat`, or Retry of a `/chat` answer. */
export async function answerCommand(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  runtime: ChatRuntime,
  request: CommandRequest,
  requesterId: string,
  options: { thread?: boolean } = {},
): Promise<void> {
  const channel = interaction.channel;
  const place: ConversationPlace = channel === null ? { guildId: interaction.guildId, channelId: interaction.channelId } : conversationPlace(channel);
  const threadRefusal = options.thread === true ? whyNoThread(interaction, request) : undefined;
  const surface = interactionSurface(interaction, { ephemeral: request.ephemeral, now: () => runtime.now().getTime() });
  const answer = await answerConversation(runtime, {
    runId: interaction.id,
    requesterId,
    requesterRoleIds: roleIdsOf(interaction.member),
    place,
    // A private answer has no public place for a plan (nor for the notice that would reply to it).
    ...(request.ephemeral ? {} : { postAside: (aside: ReturnType<typeof planMessage>) => interaction.followUp({ ...aside, allowedMentions: { parse: [] } }) }),
    ...(request.model === undefined ? {} : { modelName: request.model }),
    after: [],
    loadHistory: () =>
      Promise.resolve({
        value: [
          {
            id: interaction.id,
            channelId: interaction.channelId,
            authorId: requesterId,
            authorName: request.askedBy,
            isBot: false,
            content: request.prompt,
            createdAt: interaction.createdTimestamp,
            attachments: [],
          },
        ],
        warnings: [],
      }),
    surface,
    header: promptHeader(request.prompt),
    warnings: threadRefusal === undefined ? [] : [threadRefusal],
    command: request,
  });
  if (answer === undefined || options.thread !== true || threadRefusal !== undefined || surface.original === undefined) return;
  await surface.original.startThread({ name: threadName(request.prompt) }).catch((error: unknown) => {
    runtime.logger.warn({ err: error, interactionId: interaction.id }, "starting a /chat thread failed");
  });
}

function whyNoThread(interaction: ChatInputCommandInteraction | ButtonInteraction, request: CommandRequest): string | undefined {
  if (request.ephemeral) return "A private answer cannot start a thread; it stays here.";
  if (!interaction.inGuild()) return "Threads exist only in servers; here, reply to the answer to continue.";
  if (interaction.channel?.isThread() === true) return "This is already a thread; reply to the answer to continue.";
  return undefined;
}

function threadName(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  return line.length <= MAX_THREAD_NAME ? line || "Conversation" : `${line.slice(0, MAX_THREAD_NAME - 1).trimEnd()}…`;
}
