import { MessageFlags } from "discord-api-types/v10";
import type { FakeCore } from "../core.ts";
import { DiscordError, ErrorCode, invalidFormBody } from "../discord-error.ts";
import { createBotMessage, deleteStoredMessage, editBotMessage } from "../message-ops.ts";
import { hasPermission, isThread, permissionsIn, type PermissionName } from "../permissions.ts";
import { asJson, messageBody, type RouteDef } from "../route.ts";
import { setThreadMember } from "../thread-ops.ts";
import type { FakeChannel, StoredMessage } from "../world.ts";

// Channel messages: list, get, create, edit, delete; reactions; typing.

/** Message, reaction and typing routes. */
export const messageRoutes: RouteDef[] = [
  {
    name: "messages.list",
    method: "GET",
    path: "/channels/:channel/messages",
    auth: true,
    bucket: "default",
    handle: ({ core, params, query }) => {
      const channel = core.visibleChannel(params.channel!);
      if (!hasPermission(permissionsIn(core.world, channel, core.botUser.id), "ReadMessageHistory")) {
        return { status: 200, body: [], schema: "MessageResponseSchema", many: true };
      }
      const visible = core.world.channelMessages(channel.id).filter((m) => (m.flags & MessageFlags.Ephemeral) === 0);
      const page = listMessages(visible, query);
      return { status: 200, body: page.map((m) => core.restMessagePayload(m)), schema: "MessageResponseSchema", many: true };
    },
  },
  {
    name: "messages.get",
    method: "GET",
    path: "/channels/:channel/messages/:message",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const channel = core.visibleChannel(params.channel!);
      core.requireBotPermissions(channel, ["ReadMessageHistory"]);
      return { status: 200, body: core.restMessagePayload(core.messageOr404(channel.id, params.message!)), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "messages.create",
    method: "POST",
    path: "/channels/:channel/messages",
    auth: true,
    bucket: "messageCreate",
    acceptsFiles: true,
    validate: messageBody("MessageCreateRequestSchema"),
    handle: ({ core, params, body, files }) => {
      const channel = core.visibleChannel(params.channel!);
      requireSendPermissions(core, channel, files.length > 0);
      // Discord creates the DM channel either way; the message is what a user with closed DMs refuses.
      if (channel.recipientIds.some((id) => core.closedDms.has(id))) throw new DiscordError(403, ErrorCode.CannotSendMessagesToThisUser, "Cannot send messages to this user");
      const json = asJson(body);
      if (typeof json.flags === "number" && (json.flags & MessageFlags.Ephemeral) !== 0) {
        throw invalidFormBody([{ path: "flags", code: "MESSAGE_FLAGS_INVALID", message: "Only interaction responses can be ephemeral." }]);
      }
      unarchive(core, channel);
      // Posting in a thread joins it, as on Discord.
      if (channel.thread) setThreadMember(core, channel, core.botUser.id, true);
      const message = createBotMessage(core, channel, json, files);
      return { status: 200, body: core.restMessagePayload(message), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "messages.edit",
    method: "PATCH",
    path: "/channels/:channel/messages/:message",
    auth: true,
    bucket: "messageEdit",
    acceptsFiles: true,
    validate: messageBody("MessageEditRequestPartialSchema"),
    handle: ({ core, params, body, files }) => {
      const channel = core.visibleChannel(params.channel!);
      const message = core.messageOr404(channel.id, params.message!);
      // The bot may edit its own posts, interaction responses included (the usual way past the 15-minute token).
      if (message.authorId !== core.botUser.id) {
        throw new DiscordError(403, ErrorCode.CannotEditOtherUsersMessage, "Cannot edit a message authored by another user");
      }
      if (core.now() - message.createdAt > core.options.messageEditWindowMs) {
        throw new DiscordError(400, ErrorCode.MessageTooOldToEdit, "Maximum number of edits to messages older than 1 hour reached. Try again later");
      }
      if (files.length > 0) core.requireBotPermissions(channel, ["AttachFiles"]);
      editBotMessage(core, message, asJson(body), files);
      return { status: 200, body: core.restMessagePayload(message), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "messages.delete",
    method: "DELETE",
    path: "/channels/:channel/messages/:message",
    auth: true,
    bucket: "messageDelete",
    handle: ({ core, params }) => {
      const channel = core.visibleChannel(params.channel!);
      const message = core.messageOr404(channel.id, params.message!);
      if (message.authorId !== core.botUser.id) core.requireBotPermissions(channel, ["ManageMessages"]);
      deleteStoredMessage(core, message);
      return { status: 204 };
    },
  },
  {
    name: "reactions.add",
    method: "PUT",
    path: "/channels/:channel/messages/:message/reactions/:emoji/@me",
    auth: true,
    bucket: "reactions",
    handle: ({ core, params }) => {
      const { channel, message } = reactionTarget(core, params.channel!, params.message!);
      core.requireBotPermissions(channel, ["AddReactions", "ReadMessageHistory"]);
      const users = message.reactions.get(params.emoji!) ?? new Set<string>();
      users.add(core.botUser.id);
      message.reactions.set(params.emoji!, users);
      core.dispatchEvent("MESSAGE_REACTION_ADD", reactionEvent(core, message, params.emoji!), message.guildId);
      return { status: 204 };
    },
  },
  {
    name: "reactions.remove",
    method: "DELETE",
    path: "/channels/:channel/messages/:message/reactions/:emoji/@me",
    auth: true,
    bucket: "reactions",
    handle: ({ core, params }) => {
      const { message } = reactionTarget(core, params.channel!, params.message!);
      message.reactions.get(params.emoji!)?.delete(core.botUser.id);
      if (message.reactions.get(params.emoji!)?.size === 0) message.reactions.delete(params.emoji!);
      core.dispatchEvent("MESSAGE_REACTION_REMOVE", reactionEvent(core, message, params.emoji!), message.guildId);
      return { status: 204 };
    },
  },
  {
    name: "typing",
    method: "POST",
    path: "/channels/:channel/typing",
    auth: true,
    bucket: "typing",
    handle: ({ core, params }) => {
      const channel = core.visibleChannel(params.channel!);
      requireSendPermissions(core, channel, false);
      core.world.typing.push({ channelId: channel.id, at: core.now() });
      return { status: 204 };
    },
  },
];

/** SEND_MESSAGES (SEND_MESSAGES_IN_THREADS in threads), plus ATTACH_FILES for uploads. */
function requireSendPermissions(core: FakeCore, channel: FakeChannel, withFiles: boolean): void {
  const needed: PermissionName[] = [isThread(channel) ? "SendMessagesInThreads" : "SendMessages"];
  if (withFiles) needed.push("AttachFiles");
  core.requireBotPermissions(channel, needed);
  if (channel.thread?.locked) throw new DiscordError(403, ErrorCode.MissingPermissions, "Missing Permissions");
}

/** Sending to an archived (unlocked) thread unarchives it, as on Discord. */
function unarchive(core: FakeCore, channel: FakeChannel): void {
  if (channel.thread?.archived) {
    channel.thread.archived = false;
    core.dispatchEvent("THREAD_UPDATE", { id: channel.id, guild_id: channel.guildId, parent_id: channel.parentId, type: channel.type }, channel.guildId);
  }
}

/** GET /channels/{id}/messages paging: newest first; `before`, `after` or `around` a message id; limit 1-100. */
function listMessages(messages: StoredMessage[], query: URLSearchParams): StoredMessage[] {
  const limitText = query.get("limit");
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidFormBody([{ path: "limit", code: "NUMBER_TYPE_MAX", message: "Int value should be between 1 and 100." }]);
  }
  const ascending = [...messages].sort((a, b) => compareIds(a.id, b.id));
  const before = query.get("before");
  const after = query.get("after");
  const around = query.get("around");
  let page: StoredMessage[];
  if (around !== null) {
    const half = Math.floor(limit / 2);
    const older = half === 0 ? [] : ascending.filter((m) => compareIds(m.id, around) < 0).slice(-half);
    const newer = ascending.filter((m) => compareIds(m.id, around) >= 0).slice(0, limit - older.length);
    page = [...older, ...newer];
  } else if (after !== null) {
    page = ascending.filter((m) => compareIds(m.id, after) > 0).slice(0, limit);
  } else {
    page = ascending.filter((m) => before === null || compareIds(m.id, before) < 0).slice(-limit);
  }
  return page.reverse();
}

const compareIds = (a: string, b: string): number => {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
};

function reactionTarget(core: FakeCore, channelId: string, messageId: string): { channel: FakeChannel; message: StoredMessage } {
  const channel = core.visibleChannel(channelId);
  return { channel, message: core.messageOr404(channel.id, messageId) };
}

function reactionEvent(core: FakeCore, message: StoredMessage, emoji: string): Record<string, unknown> {
  return {
    user_id: core.botUser.id,
    channel_id: message.channelId,
    message_id: message.id,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    emoji: { id: null, name: emoji },
    burst: false,
    type: 0,
  };
}
