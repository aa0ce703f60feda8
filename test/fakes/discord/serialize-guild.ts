import { ChannelType } from "discord-api-types/v10";
import type { APIGuildMember, APIRole, APIUser, GatewayGuildCreateDispatchData, RoleFlags, UserFlags } from "discord-api-types/v10";
import { isThread } from "./permissions.ts";
import type { FakeChannel, FakeMember, FakeRole, FakeUser, World } from "./world.ts";

// World -> Discord wire payloads for users, members, roles, channels and guilds.

/** Discord's ISO 8601 timestamps. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A user object. */
export function userPayload(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    primary_guild: null,
  };
}

/** `withUser: false` for the partial member Discord attaches to MESSAGE_CREATE and mentions. */
export function memberPayload(world: World, member: FakeMember, withUser = true): APIGuildMember {
  const user = world.users.get(member.userId);
  const base = {
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roleIds,
    joined_at: iso(member.joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
  return (withUser && user ? { ...base, user: userPayload(user) } : base) as APIGuildMember;
}

/** A role object; the bot's managed role carries `tags.bot_id`. */
export function rolePayload(role: FakeRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
    ...(role.botId === undefined ? {} : { tags: { bot_id: role.botId } }),
  };
}

/** A channel (guild channel, thread or DM) as GET /channels/{id} returns it. */
export function channelPayload(world: World, channel: FakeChannel): Record<string, unknown> {
  const common = { id: channel.id, type: channel.type, flags: 0, last_message_id: channel.lastMessageId };
  if (channel.guildId === null) {
    const recipients = channel.recipientIds.map((id) => world.users.get(id)).filter((u): u is FakeUser => u !== undefined);
    return { ...common, recipients: recipients.map(userPayload) };
  }
  const guildCommon = { ...common, guild_id: channel.guildId, name: channel.name ?? "", parent_id: channel.parentId };
  if (isThread(channel) && channel.thread) {
    const thread = channel.thread;
    return {
      ...guildCommon,
      owner_id: thread.ownerId,
      rate_limit_per_user: 0,
      message_count: thread.messageCount,
      member_count: Math.min(thread.memberIds.size, 50),
      total_message_sent: thread.totalMessageSent,
      thread_metadata: {
        archived: thread.archived,
        archive_timestamp: iso(thread.createdAt),
        auto_archive_duration: thread.autoArchiveDuration,
        locked: thread.locked,
        create_timestamp: iso(thread.createdAt),
        ...(channel.type === ChannelType.PrivateThread ? { invitable: thread.invitable } : {}),
      },
    };
  }
  return {
    ...guildCommon,
    position: channel.position,
    permission_overwrites: channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() })),
    ...(channel.type === ChannelType.GuildCategory ? {} : { topic: channel.topic, nsfw: false, rate_limit_per_user: 0 }),
  };
}

/** The thread-member object for `userId` (THREAD_CREATE, thread responses). */
export function threadMemberPayload(channel: FakeChannel, userId: string, joinedAt: number): Record<string, unknown> {
  return { id: channel.id, user_id: userId, join_timestamp: iso(joinedAt), flags: 0 };
}

/** The guild object of GET /guilds/{id} (without members or channels). */
export function guildPayload(world: World, guildId: string): Record<string, unknown> {
  const guild = world.guilds.get(guildId)!;
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    description: null,
    home_header: null,
    splash: null,
    discovery_splash: null,
    features: [],
    banner: null,
    owner_id: guild.ownerId,
    application_id: null,
    region: "deprecated",
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: null,
    system_channel_flags: 0,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    roles: world.guildRoles(guildId).map(rolePayload),
    default_message_notifications: 1,
    mfa_level: 0,
    explicit_content_filter: 0,
    max_presences: null,
    max_members: 500000,
    max_stage_video_channel_users: 50,
    max_video_channel_users: 25,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US",
    rules_channel_id: null,
    safety_alerts_channel_id: null,
    public_updates_channel_id: null,
    premium_progress_bar_enabled: false,
    nsfw: false,
    nsfw_level: 0,
    emojis: [],
    stickers: [],
    incidents_data: null,
    hub_type: null,
    approximate_member_count: world.guildMembers(guildId).length,
    approximate_presence_count: 0,
  };
}

/** GUILD_CREATE: the guild with its channels, active threads, roles and members, as after IDENTIFY. */
export function guildCreatePayload(world: World, guildId: string, botId: string, joinedAt: number): GatewayGuildCreateDispatchData {
  const channels = world.guildChannels(guildId);
  const members = world.guildMembers(guildId);
  const payload = {
    ...guildPayload(world, guildId),
    joined_at: iso(joinedAt),
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members: members.map((m) => memberPayload(world, m)),
    channels: channels.filter((c) => !isThread(c)).map((c) => channelPayload(world, c)),
    threads: channels
      .filter((c) => isThread(c) && c.thread && !c.thread.archived)
      .map((c) => ({
        ...channelPayload(world, c),
        ...(c.thread?.memberIds.has(botId) ? { member: threadMemberPayload(c, botId, c.thread.createdAt) } : {}),
      })),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
  return payload as unknown as GatewayGuildCreateDispatchData;
}
