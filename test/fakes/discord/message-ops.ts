import type { APIEmbed, APIMessageTopLevelComponent } from "discord-api-types/v10";
import { MessageFlags } from "discord-api-types/v10";
import { isEmptyMessage } from "./bot-limits.ts";
import type { FakeCore } from "./core.ts";
import { DiscordError, ErrorCode, invalidFormBody } from "./discord-error.ts";
import { hasPermission, permissionsIn } from "./permissions.ts";
import type { FakeChannel, MessagePings, StoredAttachment, StoredMessage } from "./world.ts";

// Creating, editing and deleting stored messages the way Discord applies a request body.

/** A `files[n]` part of a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  /** n of `files[n]`; matches `attachments[].id` in the JSON payload. */
  index: number;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

type Json = Record<string, unknown>;

/** Where a message comes from when it is not a plain bot post. */
export interface MessageOrigin {
  authorId: string;
  type: number;
  webhookId?: string | null;
  interactionId?: string | null;
  /** Flags Discord sets itself (EPHEMERAL, LOADING), kept in addition to those in the body. */
  extraFlags?: number;
  /** A deferred response starts out empty ("is thinking..."). */
  allowEmpty?: boolean;
}

/** A message as the fake stores it before any edit; the caller fills in the rest. */
export function newStoredMessage(core: FakeCore, channel: FakeChannel, fields: Partial<StoredMessage> & { authorId: string }): StoredMessage {
  const now = core.now();
  const message: StoredMessage = {
    id: core.newId(),
    channelId: channel.id,
    guildId: channel.guildId,
    type: 0,
    content: "",
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    tts: false,
    nonce: null,
    messageReference: null,
    allowedMentions: null,
    pings: { users: [], roles: [], everyone: false },
    webhookId: null,
    applicationId: null,
    interactionId: null,
    createdAt: now,
    editedAt: null,
    versions: [],
    deletedAt: null,
    reactions: new Map(),
    threadId: null,
    ...fields,
  };
  message.versions.push(versionOf(message, now));
  return message;
}

/** Stores the message and dispatches MESSAGE_CREATE. */
export function insertMessage(core: FakeCore, message: StoredMessage): StoredMessage {
  core.world.addMessage(message);
  core.dispatchMessage("MESSAGE_CREATE", message);
  return message;
}

/** A bot post (REST create, webhook execute, interaction response) from a validated body and its uploads. */
export function createBotMessage(core: FakeCore, channel: FakeChannel, body: Json, files: UploadedFile[], origin?: MessageOrigin): StoredMessage {
  if (isEmptyMessage(body, files.length) && origin?.allowEmpty !== true) {
    throw new DiscordError(400, ErrorCode.CannotSendEmptyMessage, "Cannot send an empty message");
  }
  const authorId = origin?.authorId ?? core.botUser.id;
  const reference = resolveReference(core, channel, body.message_reference);
  const content = typeof body.content === "string" ? body.content : "";
  const flags = (typeof body.flags === "number" ? body.flags : 0) | (origin?.extraFlags ?? 0);
  const message = newStoredMessage(core, channel, {
    authorId,
    type: origin?.type ?? (reference ? 19 : 0),
    content,
    embeds: normalizeEmbeds(body.embeds),
    components: normalizeComponents(body.components),
    attachments: uploadsAsAttachments(core, channel, body, files, (flags & MessageFlags.Ephemeral) !== 0),
    flags,
    tts: body.tts === true,
    nonce: typeof body.nonce === "string" || typeof body.nonce === "number" ? body.nonce : null,
    messageReference: reference ? { message_id: reference.id, channel_id: reference.channelId, ...(reference.guildId ? { guild_id: reference.guildId } : {}) } : null,
    allowedMentions: body.allowed_mentions ?? null,
    pings: computePings(core, channel, authorId, content, body.allowed_mentions, reference),
    webhookId: origin?.webhookId ?? null,
    applicationId: origin?.webhookId ? core.applicationId : null,
    interactionId: origin?.interactionId ?? null,
  });
  return insertMessage(core, message);
}

/**
 * Applies an edit body; fields left out stay as they were. `attachments` lists the existing attachments to keep
 * (new uploads are added). Dispatches MESSAGE_UPDATE. `clearFlags` drops flags such as LOADING.
 */
export function editBotMessage(core: FakeCore, message: StoredMessage, body: Json, files: UploadedFile[], clearFlags = 0): StoredMessage {
  const channel = core.channelOr404(message.channelId);
  const content = "content" in body ? (typeof body.content === "string" ? body.content : "") : message.content;
  const embeds = "embeds" in body ? normalizeEmbeds(body.embeds) : message.embeds;
  const components = "components" in body ? normalizeComponents(body.components) : message.components;
  const keepIds = Array.isArray(body.attachments) ? new Set((body.attachments as Json[]).map((entry) => String(entry.id))) : null;
  const kept = keepIds ? message.attachments.filter((a) => keepIds.has(a.id)) : message.attachments;
  if (isEmptyMessage({ content, embeds, components, attachments: kept }, files.length)) {
    throw new DiscordError(400, ErrorCode.CannotSendEmptyMessage, "Cannot send an empty message");
  }
  message.content = content;
  message.embeds = embeds;
  message.components = components;
  if ("allowed_mentions" in body) message.allowedMentions = body.allowed_mentions ?? null;
  if (typeof body.flags === "number") {
    // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can change on edit.
    const editable = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;
    message.flags = (message.flags & ~editable) | (body.flags & editable);
  }
  message.flags &= ~clearFlags;
  message.attachments = [...kept, ...uploadsAsAttachments(core, channel, body, files, (message.flags & MessageFlags.Ephemeral) !== 0)];
  const now = core.now();
  message.editedAt = now;
  message.versions.push(versionOf(message, now));
  core.dispatchMessage("MESSAGE_UPDATE", message);
  return message;
}

/** Marks a message deleted and dispatches MESSAGE_DELETE. */
export function deleteStoredMessage(core: FakeCore, message: StoredMessage): void {
  message.deletedAt = core.now();
  core.dispatchEvent(
    "MESSAGE_DELETE",
    { id: message.id, channel_id: message.channelId, ...(message.guildId ? { guild_id: message.guildId } : {}) },
    message.guildId,
  );
}

/**
 * Whom a message notifies. Without `allowed_mentions` everything parsed from the content pings and a reply pings
 * the replied-to author; with it, only what it allows (`replied_user` defaults to false). @everyone/@here also
 * need MENTION_EVERYONE.
 */
export function computePings(core: FakeCore, channel: FakeChannel, authorId: string, content: string, allowedMentions: unknown, replyTo: StoredMessage | null): MessagePings {
  const mentionedUsers = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!).filter((id) => core.world.users.has(id));
  const mentionedRoles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!).filter((id) => core.world.roles.has(id));
  const am = (typeof allowedMentions === "object" && allowedMentions !== null ? allowedMentions : null) as Json | null;
  const parse = am ? (Array.isArray(am.parse) ? (am.parse as string[]) : []) : ["users", "roles", "everyone"];
  const allowedUsers = am && Array.isArray(am.users) ? (am.users as string[]) : [];
  const allowedRoles = am && Array.isArray(am.roles) ? (am.roles as string[]) : [];
  const repliedUser = am ? am.replied_user === true : true;
  const users = mentionedUsers.filter((id) => parse.includes("users") || allowedUsers.includes(id));
  if (replyTo && repliedUser && replyTo.authorId !== authorId) users.push(replyTo.authorId);
  const roles = mentionedRoles.filter((id) => parse.includes("roles") || allowedRoles.includes(id));
  const everyone =
    parse.includes("everyone") && /@(everyone|here)\b/.test(content) && hasPermission(permissionsIn(core.world, channel, authorId), "MentionEveryone");
  return { users: [...new Set(users)], roles: [...new Set(roles)], everyone };
}

/** Discord returns embeds with `type: "rich"`, without null fields, and every field's `inline` (false when not sent). */
export function normalizeEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.map((embed) => {
    const out: Json = { type: "rich", ...(withoutNulls(embed) as Json) };
    if (Array.isArray(out.fields)) out.fields = (out.fields as Json[]).map((field) => ({ ...field, inline: field.inline === true }));
    return out;
  });
}

/** Discord numbers components (`id`) and fills select defaults in what it returns. */
function normalizeComponents(value: unknown): APIMessageTopLevelComponent[] {
  if (!Array.isArray(value)) return [];
  let nextId = 1;
  const visit = (component: Json): Json => {
    const out: Json = { ...component, id: typeof component.id === "number" ? component.id : nextId++ };
    if (typeof out.type === "number" && out.type >= 3 && out.type <= 8 && out.type !== 4) {
      out.min_values ??= 1;
      out.max_values ??= 1;
    }
    if (Array.isArray(out.components)) out.components = (out.components as Json[]).map(visit);
    if (typeof out.accessory === "object" && out.accessory !== null) out.accessory = visit(out.accessory as Json);
    return out;
  };
  return (withoutNulls(value) as Json[]).map(visit) as unknown as APIMessageTopLevelComponent[];
}

/** Drops null/undefined fields, deeply: requests may send nulls, Discord's answers omit them. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
}

function uploadsAsAttachments(core: FakeCore, channel: FakeChannel, body: Json, files: UploadedFile[], ephemeral: boolean): StoredAttachment[] {
  const entries = Array.isArray(body.attachments) ? (body.attachments as Json[]) : [];
  return files.map((file) => {
    const entry = entries.find((e) => String(e.id) === String(file.index));
    return core.storeAttachment({
      channelId: channel.id,
      bytes: file.bytes,
      filename: typeof entry?.filename === "string" ? entry.filename : file.filename,
      contentType: file.contentType || null,
      description: typeof entry?.description === "string" ? entry.description : null,
      ephemeral,
    });
  });
}

function resolveReference(core: FakeCore, channel: FakeChannel, value: unknown): StoredMessage | null {
  if (typeof value !== "object" || value === null) return null;
  const ref = value as Json;
  const messageId = typeof ref.message_id === "string" ? ref.message_id : null;
  if (messageId === null) return null;
  const channelId = typeof ref.channel_id === "string" ? ref.channel_id : channel.id;
  const target = core.world.messages.get(messageId);
  if (!target || target.deletedAt !== null || target.channelId !== channelId) {
    if (ref.fail_if_not_exists === false) return null;
    throw invalidFormBody([{ path: "message_reference", code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message: "Unknown message" }]);
  }
  core.requireBotPermissions(channel, ["ReadMessageHistory"]);
  return target;
}

function versionOf(message: StoredMessage, at: number): StoredMessage["versions"][number] {
  return {
    at,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachmentIds: message.attachments.map((a) => a.id),
    flags: message.flags,
  };
}

