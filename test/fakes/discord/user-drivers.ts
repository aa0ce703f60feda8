import { ChannelType } from "discord-api-types/v10";
import type { APIEmbed } from "discord-api-types/v10";
import type { FakeCore } from "./core.ts";
import { computePings, deleteStoredMessage, insertMessage, newStoredMessage, normalizeEmbeds } from "./message-ops.ts";
import { isThread } from "./permissions.ts";
import { channelPayload } from "./serialize-guild.ts";
import { createThread } from "./thread-ops.ts";
import type { FakeChannel, StoredAttachment, StoredMessage } from "./world.ts";

// What simulated users do: post, edit and delete messages, start threads, attach files.

/** A file a simulated user attaches; `bytes` may be a string (UTF-8). */
export interface AttachmentInput {
  filename: string;
  bytes: Uint8Array | string;
  /** Defaults to application/octet-stream. */
  contentType?: string;
  description?: string;
}

/** A message a simulated user posts. */
export interface UserMessageInput {
  channelId: string;
  /** A user id, e.g. `fake.userId("alice")`. */
  authorId: string;
  content?: string;
  /** Prefixes `<@bot>` to the content (unless it already mentions the bot), as a user @mentioning the bot would. */
  mentionsBot?: boolean;
  /** Id of a message in the same channel this one replies to. */
  replyTo?: string;
  /** Whether the reply pings the replied-to author (Discord's default: yes). */
  replyMention?: boolean;
  /** New files, or attachments made earlier with `fake.addAttachment`. */
  attachments?: (AttachmentInput | StoredAttachment)[];
  embeds?: APIEmbed[];
}

/** A user posts a message: stored, then MESSAGE_CREATE. */
export function userSays(core: FakeCore, input: UserMessageInput): StoredMessage {
  const channel = channelFor(core, input.channelId);
  requireParticipant(core, channel, input.authorId);
  const mention = `<@${core.botUser.id}>`;
  let content = input.content ?? "";
  if (input.mentionsBot === true && !content.includes(mention) && !content.includes(`<@!${core.botUser.id}>`)) {
    content = content === "" ? mention : `${mention} ${content}`;
  }
  const replyTo = input.replyTo === undefined ? null : core.world.messages.get(input.replyTo);
  if (replyTo === undefined || (replyTo !== null && replyTo.channelId !== channel.id)) {
    throw new Error(`userSays: replyTo ${input.replyTo ?? ""} is not a message in channel ${channel.id}`);
  }
  const pingsReply = replyTo !== null && input.replyMention !== false;
  const attachments = (input.attachments ?? []).map((a) => ("id" in a ? a : addAttachment(core, channel.id, a)));
  const message = newStoredMessage(core, channel, {
    authorId: input.authorId,
    type: replyTo ? 19 : 0,
    content,
    embeds: normalizeEmbeds(input.embeds ?? []),
    attachments,
    messageReference: replyTo ? { message_id: replyTo.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) } : null,
    pings: computePings(core, channel, input.authorId, content, pingsReply ? undefined : { parse: ["users", "roles", "everyone"] }, replyTo),
  });
  return insertMessage(core, message);
}

/** A user edits their message: MESSAGE_UPDATE. */
export function userEdits(core: FakeCore, messageId: string, content: string): StoredMessage {
  const message = core.world.messages.get(messageId);
  if (!message || message.deletedAt !== null) throw new Error(`userEdits: no message ${messageId}`);
  const now = core.now();
  message.content = content;
  message.editedAt = now;
  message.versions.push({ at: now, content, embeds: message.embeds, components: message.components, attachmentIds: message.attachments.map((a) => a.id), flags: message.flags });
  core.dispatchMessage("MESSAGE_UPDATE", message);
  return message;
}

/** A user (or a moderator) deletes a message: MESSAGE_DELETE. */
export function userDeletes(core: FakeCore, messageId: string): void {
  const message = core.world.messages.get(messageId);
  if (!message || message.deletedAt !== null) throw new Error(`userDeletes: no message ${messageId}`);
  deleteStoredMessage(core, message);
}

/** Stores a file on the fake's CDN for a channel; pass the result in `attachments` or command options. */
export function addAttachment(core: FakeCore, channelId: string, input: AttachmentInput): StoredAttachment {
  return core.storeAttachment({
    channelId,
    bytes: typeof input.bytes === "string" ? new TextEncoder().encode(input.bytes) : input.bytes,
    filename: input.filename,
    contentType: input.contentType ?? "application/octet-stream",
    description: input.description ?? null,
  });
}

/** A user starts a thread (from one of the channel's messages, or a new public/private thread): THREAD_CREATE. */
export function userStartsThread(
  core: FakeCore,
  input: { channelId: string; userId: string; name: string; fromMessageId?: string; private?: boolean },
): FakeChannel {
  const parent = channelFor(core, input.channelId);
  requireParticipant(core, parent, input.userId);
  const starter = input.fromMessageId === undefined ? undefined : core.world.messages.get(input.fromMessageId);
  if (input.fromMessageId !== undefined && (!starter || starter.channelId !== parent.id)) {
    throw new Error(`userStartsThread: ${input.fromMessageId} is not a message in ${parent.id}`);
  }
  return createThread(core, {
    parent,
    name: input.name,
    ownerId: input.userId,
    type: input.private === true ? ChannelType.PrivateThread : ChannelType.PublicThread,
    ...(starter ? { starter } : {}),
  });
}

/** Deletes a channel (and its threads): CHANNEL_DELETE / THREAD_DELETE. Later REST calls on it get 10003. */
export function deleteChannel(core: FakeCore, channelId: string): void {
  const channel = channelFor(core, channelId);
  const threads = [...core.world.channels.values()].filter((c) => c.parentId === channel.id && isThread(c));
  for (const doomed of [...threads, channel]) {
    core.world.channels.delete(doomed.id);
    if (isThread(doomed)) {
      core.dispatchEvent("THREAD_DELETE", { id: doomed.id, guild_id: doomed.guildId, parent_id: doomed.parentId, type: doomed.type }, doomed.guildId);
    } else {
      core.dispatchEvent("CHANNEL_DELETE", channelPayload(core.world, doomed), doomed.guildId);
    }
  }
}

/** A channel for a test driver; throws (a test bug) if there is none. */
export function channelFor(core: FakeCore, channelId: string): FakeChannel {
  const channel = core.world.channels.get(channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
  return channel;
}

/** Test input sanity: the author must be a member of the guild (or the DM's recipient), and not the bot. */
function requireParticipant(core: FakeCore, channel: FakeChannel, userId: string): void {
  if (userId === core.botUser.id) throw new Error("simulated users cannot act as the bot; the bot speaks through REST");
  const ok = channel.guildId === null ? channel.recipientIds.includes(userId) : core.world.member(channel.guildId, userId) !== undefined;
  if (!ok) throw new Error(`fake Discord: user ${userId} cannot post in channel ${channel.id}`);
}
