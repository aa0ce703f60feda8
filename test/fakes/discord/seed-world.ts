import { ChannelType } from "discord-api-types/v10";
import { DEFAULT_EVERYONE_PERMISSIONS, permissionBits, type PermissionName } from "./permissions.ts";
import { snowflakeAt, type SnowflakeGenerator } from "./snowflake.ts";
import type { FakeChannel, FakeUser, World } from "./world.ts";

/** A guild to create at start, described by names; ids are generated. */
export interface GuildSeed {
  name: string;
  /** Permissions of @everyone; defaults to what a normal member may do (see DEFAULT_EVERYONE_PERMISSIONS). */
  everyonePermissions?: PermissionName[];
  roles?: { name: string; permissions?: PermissionName[] }[];
  /** In display order. `parent` names a category listed before. */
  channels?: { name: string; type?: "text" | "category" | "forum" | "announcement"; parent?: string; topic?: string }[];
  /** The first member is the guild owner unless another has `owner: true`. The bot is added on its own. */
  members?: { username: string; roles?: string[]; owner?: boolean }[];
  /**
   * Bytes per uploaded file in this guild's channels, when its boosts raise it over the default `uploadLimitBytes`
   * (Discord: 50 MiB at boost level 2, 100 MiB at level 3). Interactions there report it as `attachment_size_limit`
   * and uploads there are held to it; DMs keep the default.
   */
  uploadLimitBytes?: number;
}

/** One guild "Test Guild": a category with #general and #random, an Admin role, members alice (admin, owner) and bob. */
export const DEFAULT_GUILDS: GuildSeed[] = [
  {
    name: "Test Guild",
    roles: [{ name: "Admin", permissions: ["Administrator"] }],
    channels: [
      { name: "Text Channels", type: "category" },
      { name: "general", parent: "Text Channels", topic: "General chat" },
      { name: "random", parent: "Text Channels" },
    ],
    members: [{ username: "alice", roles: ["Admin"], owner: true }, { username: "bob" }],
  },
];

/**
 * `count` guilds named "Guild 1" … "Guild <count>", each a copy of `template` (default: #general, with alice as owner
 * and bob as members, @everyone allowed to talk): a world for sharding tests. Users are shared by name across guilds,
 * so `fake.userId("alice")` may post in any of them: `fake.channelId("general", "Guild 7")`.
 */
export function numberedGuilds(count: number, template: Omit<GuildSeed, "name"> = NUMBERED_GUILD_TEMPLATE): GuildSeed[] {
  return Array.from({ length: count }, (_, i) => ({ ...template, name: `Guild ${i + 1}` }));
}

const NUMBERED_GUILD_TEMPLATE: Omit<GuildSeed, "name"> = {
  channels: [{ name: "general" }],
  members: [{ username: "alice", owner: true }, { username: "bob" }],
};

const CHANNEL_TYPES = {
  text: ChannelType.GuildText,
  category: ChannelType.GuildCategory,
  forum: ChannelType.GuildForum,
  announcement: ChannelType.GuildAnnouncement,
} as const;

/**
 * Creates users, guilds, roles, channels and members from seeds; the bot joins every guild with a managed role.
 * Guild ids are made one millisecond apart, just before `now`: a guild's shard is its id's timestamp modulo the
 * shard count, so guilds seeded within one millisecond would all land on one shard, while real guilds were made at
 * different times. One millisecond apart, they take turns, so for any shard count the shards hold equal shares (±1).
 */
export function seedWorld(world: World, seeds: readonly GuildSeed[], bot: FakeUser, newId: SnowflakeGenerator, now: number): void {
  world.users.set(bot.id, bot);
  for (const [index, seed] of seeds.entries()) {
    const guildId = snowflakeAt(now - seeds.length + index);
    const users = (seed.members ?? []).map((m) => world.userByName(m.username) ?? addUser(world, m.username, newId));
    const ownerIndex = Math.max(0, (seed.members ?? []).findIndex((m) => m.owner === true));
    world.guilds.set(guildId, { id: guildId, name: seed.name, ownerId: users[ownerIndex]?.id ?? bot.id, ...(seed.uploadLimitBytes === undefined ? {} : { uploadLimitBytes: seed.uploadLimitBytes }) });

    const everyone = seed.everyonePermissions ? permissionBits(seed.everyonePermissions) : DEFAULT_EVERYONE_PERMISSIONS;
    world.roles.set(guildId, { id: guildId, guildId, name: "@everyone", permissions: everyone, position: 0, managed: false, mentionable: false });
    const roleIds = new Map<string, string>();
    (seed.roles ?? []).forEach((role, i) => {
      const id = newId();
      roleIds.set(role.name, id);
      world.roles.set(id, { id, guildId, name: role.name, permissions: permissionBits(role.permissions ?? []), position: i + 1, managed: false, mentionable: true });
    });
    const botRoleId = newId();
    world.roles.set(botRoleId, { id: botRoleId, guildId, name: bot.username, permissions: 0n, position: (seed.roles ?? []).length + 1, managed: true, mentionable: false, botId: bot.id });

    const channelIds = new Map<string, string>();
    (seed.channels ?? []).forEach((spec, i) => {
      const id = newId();
      channelIds.set(spec.name, id);
      const channel: FakeChannel = {
        id,
        type: CHANNEL_TYPES[spec.type ?? "text"],
        guildId,
        name: spec.name,
        parentId: spec.parent === undefined ? null : (channelIds.get(spec.parent) ?? null),
        position: i,
        topic: spec.topic ?? null,
        overwrites: [],
        recipientIds: [],
        thread: null,
        lastMessageId: null,
      };
      world.channels.set(id, channel);
    });

    (seed.members ?? []).forEach((spec, i) => {
      const user = users[i]!;
      const memberRoles = (spec.roles ?? []).map((name) => {
        const id = roleIds.get(name);
        if (id === undefined) throw new Error(`GuildSeed ${seed.name}: member ${spec.username} has unknown role ${name}`);
        return id;
      });
      world.members.set(`${guildId}:${user.id}`, { guildId, userId: user.id, roleIds: memberRoles, nick: null, joinedAt: now });
    });
    world.members.set(`${guildId}:${bot.id}`, { guildId, userId: bot.id, roleIds: [botRoleId], nick: null, joinedAt: now });
  }
}

/** Creates a user (global name = capitalised username). */
export function addUser(world: World, username: string, newId: SnowflakeGenerator, bot = false): FakeUser {
  const user: FakeUser = { id: newId(), username, globalName: username[0]!.toUpperCase() + username.slice(1), bot };
  world.users.set(user.id, user);
  return user;
}
