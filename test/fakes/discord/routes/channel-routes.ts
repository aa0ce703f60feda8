import { ChannelType } from "discord-api-types/v10";
import type { FakeCore } from "../core.ts";
import { DiscordError, ErrorCode, invalidFormBody } from "../discord-error.ts";
import { isThread } from "../permissions.ts";
import { asJson, jsonBody, type RouteDef, type RouteResult } from "../route.ts";
import { channelPayload, guildPayload, memberPayload, rolePayload } from "../serialize-guild.ts";
import type { SpecSchemaName } from "../spec-schemas.ts";
import { createThread, setThreadMember, threadPayload } from "../thread-ops.ts";
import type { FakeChannel } from "../world.ts";

// Channels, threads, DMs and the guild lookups a bot makes.

/** Channel, thread, DM and guild routes. */
export const channelRoutes: RouteDef[] = [
  {
    name: "channels.get",
    method: "GET",
    path: "/channels/:channel",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => channelResult(core, core.visibleChannel(params.channel!)),
  },
  {
    name: "threads.createFromMessage",
    method: "POST",
    path: "/channels/:channel/messages/:message/threads",
    auth: true,
    bucket: "threads",
    validate: jsonBody("CreateTextThreadWithMessageRequestSchema"),
    handle: ({ core, params, body }) => {
      const parent = core.visibleChannel(params.channel!);
      const starter = core.messageOr404(parent.id, params.message!);
      if (isThread(parent) || parent.guildId === null) throw new DiscordError(400, ErrorCode.General, "Cannot create a thread here");
      if (starter.threadId !== null) throw new DiscordError(400, ErrorCode.ThreadAlreadyCreated, "A thread has already been created for this message");
      core.requireBotPermissions(parent, ["CreatePublicThreads", "ReadMessageHistory"]);
      const json = asJson(body);
      const thread = createThread(core, {
        parent,
        starter,
        name: String(json.name),
        ownerId: core.botUser.id,
        ...(typeof json.auto_archive_duration === "number" ? { autoArchiveDuration: json.auto_archive_duration as 60 } : {}),
      });
      return { status: 201, body: threadPayload(core, thread), schema: "ThreadResponseSchema" };
    },
  },
  {
    name: "threads.create",
    method: "POST",
    path: "/channels/:channel/threads",
    auth: true,
    bucket: "threads",
    validate: jsonBody("CreateTextThreadWithoutMessageRequestSchema"),
    handle: ({ core, params, body }) => {
      const parent = core.visibleChannel(params.channel!);
      if (isThread(parent) || parent.guildId === null || parent.type === ChannelType.GuildCategory) {
        throw new DiscordError(400, ErrorCode.General, "Cannot create a thread here");
      }
      const json = asJson(body);
      // API v10 creates private threads unless told otherwise.
      const type = json.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
      core.requireBotPermissions(parent, [type === ChannelType.PublicThread ? "CreatePublicThreads" : "CreatePrivateThreads"]);
      const thread = createThread(core, {
        parent,
        name: String(json.name),
        ownerId: core.botUser.id,
        type,
        ...(typeof json.auto_archive_duration === "number" ? { autoArchiveDuration: json.auto_archive_duration as 60 } : {}),
        ...(typeof json.invitable === "boolean" ? { invitable: json.invitable } : {}),
      });
      return { status: 201, body: threadPayload(core, thread), schema: "CreatedThreadResponseSchema" };
    },
  },
  {
    name: "threads.join",
    method: "PUT",
    path: "/channels/:channel/thread-members/@me",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const thread = threadOr400(core, params.channel!);
      if (thread.type === ChannelType.PrivateThread && !thread.thread?.memberIds.has(core.botUser.id)) {
        core.requireBotPermissions(thread, ["ManageThreads"]);
      }
      setThreadMember(core, thread, core.botUser.id, true);
      return { status: 204 };
    },
  },
  {
    name: "threads.leave",
    method: "DELETE",
    path: "/channels/:channel/thread-members/@me",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      setThreadMember(core, threadOr400(core, params.channel!), core.botUser.id, false);
      return { status: 204 };
    },
  },
  {
    name: "dms.create",
    method: "POST",
    path: "/users/@me/channels",
    auth: true,
    bucket: "default",
    validate: jsonBody("CreatePrivateChannelRequestSchema"),
    handle: ({ core, body }) => {
      const recipientId = asJson(body).recipient_id;
      if (typeof recipientId !== "string") throw invalidFormBody([{ path: "recipient_id", code: "BASE_TYPE_REQUIRED", message: "This field is required" }]);
      if (!core.world.users.has(recipientId)) throw new DiscordError(404, ErrorCode.UnknownUser, "Unknown User");
      return { status: 200, body: channelPayload(core.world, dmChannelWith(core, recipientId)), schema: "PrivateChannelResponseSchema" };
    },
  },
  {
    name: "guilds.get",
    method: "GET",
    path: "/guilds/:guild",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => ({ status: 200, body: guildPayload(core.world, guildOr404(core, params.guild!)), schema: "GuildWithCountsResponseSchema" }),
  },
  {
    name: "guilds.channels",
    method: "GET",
    path: "/guilds/:guild/channels",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const channels = core.world.guildChannels(guildOr404(core, params.guild!)).filter((c) => !isThread(c));
      return { status: 200, body: channels.map((c) => channelPayload(core.world, c)), schema: "GuildChannelResponseSchema", many: true };
    },
  },
  {
    name: "guilds.activeThreads",
    method: "GET",
    path: "/guilds/:guild/threads/active",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const threads = core.world.guildChannels(guildOr404(core, params.guild!)).filter((c) => isThread(c) && !c.thread?.archived);
      return {
        status: 200,
        schema: "ThreadsResponseSchema",
        body: {
          threads: threads.map((t) => channelPayload(core.world, t)),
          members: threads.filter((t) => t.thread?.memberIds.has(core.botUser.id)).map((t) => threadPayload(core, t).member),
          has_more: false,
        },
      };
    },
  },
  {
    name: "guilds.roles",
    method: "GET",
    path: "/guilds/:guild/roles",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => ({
      status: 200,
      body: core.world.guildRoles(guildOr404(core, params.guild!)).map(rolePayload),
      schema: "GuildRoleResponseSchema",
      many: true,
    }),
  },
  {
    name: "guilds.member",
    method: "GET",
    path: "/guilds/:guild/members/:user",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const member = core.world.member(guildOr404(core, params.guild!), params.user === "@me" ? core.botUser.id : params.user!);
      if (!member) throw new DiscordError(404, ErrorCode.UnknownMember, "Unknown Member");
      return { status: 200, body: memberPayload(core.world, member), schema: "GuildMemberResponseSchema" };
    },
  },
];

function channelResult(core: FakeCore, channel: FakeChannel): RouteResult {
  if (isThread(channel)) return { status: 200, body: threadPayload(core, channel), schema: "ThreadResponseSchema" };
  const schema: SpecSchemaName = channel.guildId === null ? "PrivateChannelResponseSchema" : "GuildChannelResponseSchema";
  return { status: 200, body: channelPayload(core.world, channel), schema };
}

function threadOr400(core: FakeCore, id: string): FakeChannel {
  const channel = core.visibleChannel(id);
  if (!isThread(channel)) throw new DiscordError(400, ErrorCode.General, "Channel is not a thread");
  return channel;
}

/** The guild id, provided the bot is a member (404 Unknown Guild otherwise, as Discord hides other guilds). */
function guildOr404(core: FakeCore, id: string): string {
  if (!core.world.guilds.has(id) || !core.world.member(id, core.botUser.id)) throw new DiscordError(404, ErrorCode.UnknownGuild, "Unknown Guild");
  return id;
}

/** The DM channel between the bot and a user, created on first use. */
export function dmChannelWith(core: FakeCore, userId: string): FakeChannel {
  const existing = [...core.world.channels.values()].find((c) => c.type === ChannelType.DM && c.recipientIds.includes(userId));
  if (existing) return existing;
  const channel: FakeChannel = {
    id: core.newId(),
    type: ChannelType.DM,
    guildId: null,
    name: null,
    parentId: null,
    position: 0,
    topic: null,
    overwrites: [],
    recipientIds: [userId],
    thread: null,
    lastMessageId: null,
  };
  core.world.channels.set(channel.id, channel);
  return channel;
}
