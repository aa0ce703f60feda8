/**
 * `/chat prompt:<text> [model] [private] [thread]`: a new conversation started by command. The guards run first (a
 * refusal is a private note), then the reply is deferred (Discord wants an answer within 3 s) and the answer streams
 * into it (`interactionSurface`), under a header line showing the prompt — which is how a later reply to the answer,
 * or a thread started from it, still knows the question. `private` answers ephemerally. `thread` starts a thread
 * from the finished answer; the bot owns it, so the conversation continues there without mentions.
 *
 * `chatCommandData` is the command's definition (the command list registers it); `/chat` is dispatched by the
 * plugin itself, since it needs the plugin's runtime (edit scheduler, running answers).
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { LoadedConfig } from "../../config/index.ts";
import { FAILURE_MARK } from "../render/chat-decorations.ts";
import { accessRequestFor } from "../discord/access-request.ts";
import { answerConversation, type ConversationPlace } from "../discord/answer-conversation.ts";
import { promptHeader } from "../discord/chat-prompt-header.ts";
import type { CommandRequest } from "../discord/chat-runs.ts";
import type { ChatRuntime } from "../discord/chat-runtime.ts";
import { checkChatGuards } from "../discord/check-chat-guards.ts";
import { conversationPlace } from "../discord/conversation-place.ts";
import { interactionSurface } from "../discord/interaction-surface.ts";

export const CHAT_COMMAND_NAME = "chat";
/** Longer prompts would not fit the answer's header line (see chat-prompt-header.ts). */
const MAX_PROMPT = 1500;
/** Discord: a thread name is 1-100 characters. */
const MAX_THREAD_NAME = 100;
/** Discord: <= 25 choices per option. */
const MAX_CHOICES = 25;

export function chatCommandData(config: LoadedConfig): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const choices = config.models
    .filter((model) => model.kind === "chat")
    .slice(0, MAX_CHOICES)
    .map((model) => ({ name: model.name, value: model.name }));
  return {
    name: CHAT_COMMAND_NAME,
    description: "Ask a Bedrock model; the answer streams in",
    options: [
      { type: ApplicationCommandOptionType.String, name: "prompt", description: "What to ask", required: true, max_length: MAX_PROMPT },
      {
        type: ApplicationCommandOptionType.String,
        name: "model",
        description: "Model to answer with (default: this channel's)",
        required: false,
        ...(choices.length === 0 ? {} : { choices }),
      },
      { type: ApplicationCommandOptionType.Boolean, name: "private", description: "Only you see the answer", required: false },
      { type: ApplicationCommandOptionType.Boolean, name: "thread", description: "Continue in a thread started from the answer", required: false },
    ],
  };
}

export async function handleChatCommand(interaction: ChatInputCommandInteraction, runtime: ChatRuntime): Promise<void> {
  const request: CommandRequest = {
    prompt: interaction.options.getString("prompt", true),
    ephemeral: interaction.options.getBoolean("private") ?? false,
    askedBy: interaction.member !== null && "displayName" in interaction.member ? interaction.member.displayName : (interaction.user.globalName ?? interaction.user.username),
  };
  const model = interaction.options.getString("model");
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
  await answerCommand(interaction, runtime, request, interaction.user.id, { thread: interaction.options.getBoolean("thread") ?? false });
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
    place,
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
