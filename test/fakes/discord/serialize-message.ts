import { InteractionType } from "discord-api-types/v10";
import { iso, memberPayload, channelPayload, userPayload } from "./serialize-guild.ts";
import type { FakeInteraction, StoredAttachment, StoredMessage, World } from "./world.ts";

// World -> Discord wire payloads for messages and attachments.

/** An attachment object with its signed CDN URL. */
export function attachmentPayload(attachment: StoredAttachment): Record<string, unknown> {
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.bytes.byteLength,
    url: attachment.url,
    proxy_url: attachment.url,
    ...(attachment.contentType === null ? {} : { content_type: attachment.contentType }),
    ...(attachment.description === null ? {} : { description: attachment.description }),
    ...(attachment.ephemeral ? { ephemeral: true } : {}),
  };
}

/** A message as the REST API returns it. `withReference` is false for the nested `referenced_message`. */
export function messagePayload(world: World, message: StoredMessage, botId: string, withReference = true): Record<string, unknown> {
  const author = world.users.get(message.authorId);
  const payload: Record<string, unknown> = {
    id: message.id,
    channel_id: message.channelId,
    type: message.type,
    author: author ? userPayload(author) : { id: message.authorId, username: "unknown", discriminator: "0", global_name: null, avatar: null, public_flags: 0, flags: 0, primary_guild: null },
    content: message.content,
    timestamp: iso(message.createdAt),
    edited_timestamp: message.editedAt === null ? null : iso(message.editedAt),
    tts: message.tts,
    mention_everyone: message.pings.everyone,
    mentions: message.pings.users.flatMap((id) => {
      const user = world.users.get(id);
      return user ? [userPayload(user)] : [];
    }),
    mention_roles: message.pings.roles,
    attachments: message.attachments.map(attachmentPayload),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
  };
  if (message.nonce !== null) payload.nonce = message.nonce;
  if (message.webhookId !== null) payload.webhook_id = message.webhookId;
  if (message.applicationId !== null) payload.application_id = message.applicationId;
  if (message.messageReference !== null) {
    payload.message_reference = { type: 0, ...message.messageReference };
    if (withReference) {
      const referenced = world.messages.get(message.messageReference.message_id);
      payload.referenced_message = referenced && referenced.deletedAt === null ? messagePayload(world, referenced, botId, false) : null;
    }
  }
  if (message.threadId !== null) {
    const thread = world.channels.get(message.threadId);
    if (thread) payload.thread = channelPayload(world, thread);
  }
  const interaction = message.interactionId === null ? undefined : world.interactions.get(message.interactionId);
  if (interaction) payload.interaction_metadata = interactionMetadata(world, interaction, message.id);
  if (message.reactions.size > 0) {
    payload.reactions = [...message.reactions].map(([emoji, users]) => ({
      emoji: { id: null, name: emoji },
      count: users.size,
      count_details: { burst: 0, normal: users.size },
      burst_colors: [],
      me_burst: false,
      me: users.has(botId),
      burst_me: false,
      burst_count: 0,
    }));
  }
  return payload;
}

/** `interaction_metadata` of a response or follow-up; a modal submit nests the interaction that opened the modal. */
function interactionMetadata(world: World, interaction: FakeInteraction, messageId: string): Record<string, unknown> {
  const user = world.users.get(interaction.userId);
  const triggeredBy = interaction.triggeredById === null ? undefined : world.interactions.get(interaction.triggeredById);
  return {
    id: interaction.id,
    type: interaction.type,
    ...(user ? { user: userPayload(user) } : {}),
    authorizing_integration_owners: interaction.guildId === null ? { "1": interaction.userId } : { "0": interaction.guildId },
    ...(interaction.originalMessageId !== null && interaction.originalMessageId !== messageId ? { original_response_message_id: interaction.originalMessageId } : {}),
    ...(interaction.type === InteractionType.MessageComponent && "message" in interaction.payload && interaction.payload.message
      ? { interacted_message_id: interaction.payload.message.id }
      : {}),
    ...(triggeredBy ? { triggering_interaction_metadata: interactionMetadata(world, triggeredBy, messageId) } : {}),
  };
}

/**
 * MESSAGE_CREATE / MESSAGE_UPDATE data: the message plus `channel_type` (discord.js needs it to build an uncached
 * DM channel), `guild_id`, the author's partial `member`, and members of mentioned users.
 */
export function gatewayMessagePayload(world: World, message: StoredMessage, botId: string): Record<string, unknown> {
  const channelType = world.channels.get(message.channelId)?.type;
  const payload: Record<string, unknown> = { ...messagePayload(world, message, botId), ...(channelType === undefined ? {} : { channel_type: channelType }) };
  if (message.guildId === null) return payload;
  const guildId = message.guildId;
  const member = world.member(guildId, message.authorId);
  return {
    ...payload,
    guild_id: guildId,
    ...(member && message.webhookId === null ? { member: memberPayload(world, member, false) } : {}),
    mentions: (payload.mentions as Record<string, unknown>[]).map((user) => {
      const mentioned = world.member(guildId, user.id as string);
      return mentioned ? { ...user, member: memberPayload(world, mentioned, false) } : user;
    }),
  };
}
