/**
 * Where an answer's messages go. `streamAnswer` only posts, edits and removes parts; a surface decides how:
 * `replySurface` (a message trigger: the first part replies to it, each further part to the part before, so the
 * reply chain runs through the whole answer) or `interactionSurface` (`/chat`, see interaction-surface.ts).
 *
 * Only the first part of a reply pings, and only the person who asked (`repliedUser`): the model's text never pings
 * anyone (`parse: []` drops @everyone, @here, role and user mentions), and parts replying to the bot's own message
 * notify no one.
 */
import type { Message } from "discord.js";
import type { MessagePayload } from "../render/render-chat-messages.ts";

export interface AnswerSurface {
  /** Posts the part after `previousId` (`undefined`: the first part); resolves with its message id. */
  post(payload: MessagePayload, previousId: string | undefined): Promise<string>;
  edit(messageId: string, payload: MessagePayload): Promise<unknown>;
  remove(messageId: string): Promise<unknown>;
}

export function replySurface(trigger: Message): AnswerSurface {
  const posted = new Map<string, Message>();
  const partOf = (messageId: string): Message => {
    const message = posted.get(messageId);
    if (message === undefined) throw new Error(`answer part ${messageId} was not posted by this answer`);
    return message;
  };
  return {
    async post(payload, previousId) {
      const target = previousId === undefined ? trigger : partOf(previousId);
      // failIfNotExists: the question may be deleted meanwhile; the answer is then posted without the reply link.
      const message = await target.reply({ ...payload, allowedMentions: { parse: [], repliedUser: previousId === undefined }, failIfNotExists: false });
      posted.set(message.id, message);
      return message.id;
    },
    edit: (messageId, payload) => partOf(messageId).edit(payload),
    remove: (messageId) => partOf(messageId).delete(),
  };
}
