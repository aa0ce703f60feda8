/**
 * The surface of a `/chat` answer: the first part is the deferred reply (`@original`, edited through the interaction
 * webhook); further parts reply to the part before in the channel (so a reply chain runs through the whole answer,
 * as with message triggers) or, for a private answer, are ephemeral follow-ups. The interaction token dies after
 * 15 minutes: later edits of a public answer go through the channel with the bot token instead.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Message } from "discord.js";
import type { AnswerSurface } from "./answer-surface.ts";

/** Discord: an interaction token lives 15 min; stop using it a little before. */
const TOKEN_LIFETIME_MS = 14 * 60 * 1000;

export interface InteractionSurface extends AnswerSurface {
  /** The `@original` message, once the first part was posted. */
  readonly original: Message | undefined;
}

export function interactionSurface(interaction: ChatInputCommandInteraction | ButtonInteraction, options: { ephemeral: boolean; now: () => number }): InteractionSurface {
  const posted = new Map<string, Message>();
  let original: Message | undefined;
  const tokenAlive = () => options.now() - interaction.createdTimestamp < TOKEN_LIFETIME_MS;
  const partOf = (messageId: string): Message => {
    const message = posted.get(messageId);
    if (message === undefined) throw new Error(`answer part ${messageId} was not posted by this answer`);
    return message;
  };
  return {
    get original() {
      return original;
    },
    async post(payload, previousId) {
      let message: Message;
      if (previousId === undefined) {
        message = await interaction.editReply(payload);
        original = message;
      } else if (options.ephemeral) {
        message = await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
      } else {
        message = await partOf(previousId).reply({ ...payload, allowedMentions: { parse: [], repliedUser: false } });
      }
      posted.set(message.id, message);
      return message.id;
    },
    async edit(messageId, payload) {
      const message = partOf(messageId);
      const viaInteraction = options.ephemeral || message.id === original?.id;
      if (viaInteraction && tokenAlive()) return await interaction.editReply({ ...payload, message: messageId });
      if (options.ephemeral) return undefined; // an ephemeral message cannot be reached any other way
      return await message.edit(payload);
    },
    async remove(messageId) {
      if (options.ephemeral || messageId === original?.id) return tokenAlive() ? await interaction.deleteReply(messageId) : undefined;
      return await partOf(messageId).delete();
    },
  };
}
