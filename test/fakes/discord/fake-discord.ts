import type { Server } from "node:http";
import { ChannelType } from "discord-api-types/v10";
import type { FakeCore, ErrorRecord, FakeStats, RequestRecord, Violation } from "./core.ts";
import type { RouteMatcher } from "./faults.ts";
import {
  autocomplete,
  clickButton,
  contextMenu,
  runCommand,
  selectMenu,
  submitModal,
  type RunCommandInput,
} from "./interaction-drivers.ts";
import { permissionBits, isThread, type PermissionName } from "./permissions.ts";
import { dmChannelWith } from "./routes/channel-routes.ts";
import { commandsIn } from "./routes/command-routes.ts";
import { addUser } from "./seed-world.ts";
import { channelPayload, memberPayload } from "./serialize-guild.ts";
import {
  addAttachment,
  deleteChannel,
  userDeletes,
  userEdits,
  userSays,
  userStartsThread,
  type UserMessageInput,
} from "./user-drivers.ts";
import { waitFor, type WaitOptions } from "./wait-for.ts";
import type { FakeChannel, FakeInteraction, FakeUser, PermissionOverwrite, RegisteredCommand, StoredAttachment, StoredMessage, World } from "./world.ts";

/** A running fake Discord: REST, gateway and CDN on one port, plus the handles a test drives it with. See README.md. */
export class FakeDiscord {
  constructor(
    private readonly core: FakeCore,
    private readonly server: Server,
  ) {}

  // ---- where it listens --------------------------------------------------------

  /** The value for discord.js `new Client({ rest: { api } })` (and DISCORD_API_URL), e.g. http://127.0.0.1:PORT/api. */
  get restUrl(): string {
    return this.core.restUrl;
  }
  /** The gateway URL handed out by GET /gateway/bot. */
  get gatewayUrl(): string {
    return this.core.gatewayUrl;
  }
  /** Base of attachment URLs, e.g. http://127.0.0.1:PORT/cdn. */
  get cdnBaseUrl(): string {
    return this.core.cdnBaseUrl;
  }
  /** `host:port` of the CDN, for the bot's allowed-CDN-hosts setting. */
  get cdnHost(): string {
    return new URL(this.core.baseUrl).host;
  }
  get botToken(): string {
    return this.core.options.botToken;
  }
  get botUser(): FakeUser {
    return this.core.botUser;
  }
  get applicationId(): string {
    return this.core.applicationId;
  }

  // ---- what happened -----------------------------------------------------------

  /** The whole state; prefer the accessors below. */
  get world(): World {
    return this.core.world;
  }
  get stats(): FakeStats {
    return this.core.stats;
  }
  /** Requests Discord would have rejected (bad bodies, unknown routes, oversized uploads) and bugs in the fake. */
  get violations(): readonly Violation[] {
    return this.core.violations;
  }
  /** Every error answer sent (4xx/5xx, 429s, injected faults). */
  get errors(): readonly ErrorRecord[] {
    return this.core.errors;
  }
  /** Every REST request answered, with its parsed body. */
  get requests(): readonly RequestRecord[] {
    return this.core.requests;
  }

  /**
   * The gateway sessions, each with the shard it identified as and whether its connection is up. Two entries with
   * one shard mean two processes identified as that shard and both receive its events (as on Discord).
   */
  shardSessions(): { shard: [number, number]; sessionId: string; connected: boolean }[] {
    return [...this.core.gateway.sessions.values()].map((s) => ({ shard: [s.shard[0], s.shard[1]], sessionId: s.id, connected: s.socket !== null }));
  }

  /** Returns the violations recorded so far and forgets them (for tests that provoke one on purpose). */
  takeViolations(): Violation[] {
    return this.core.violations.splice(0);
  }

  /** Throws, listing them, if any violation was recorded. Call it in afterEach. */
  assertNoViolations(): void {
    if (this.core.violations.length === 0) return;
    const lines = this.core.violations.map((v) => `- [${v.kind}] ${v.method} ${v.path} (${v.route}): ${v.message}`);
    throw new Error(`fake Discord recorded ${this.core.violations.length} violation(s):\n${lines.join("\n")}`);
  }

  // ---- ids of the seeded world ---------------------------------------------------

  /** A guild's id by name; the first guild without a name. */
  guildId(name?: string): string {
    const guild = [...this.core.world.guilds.values()].find((g) => name === undefined || g.name === name);
    if (!guild) throw new Error(`fake Discord: no guild ${name ?? ""}`);
    return guild.id;
  }
  /** A guild channel's id by name (in the named guild, or the first one that has it). */
  channelId(name: string, guildName?: string): string {
    const guildId = guildName === undefined ? undefined : this.guildId(guildName);
    const channel = [...this.core.world.channels.values()].find((c) => c.name === name && (guildId === undefined || c.guildId === guildId));
    if (!channel) throw new Error(`fake Discord: no channel #${name}`);
    return channel.id;
  }
  userId(username: string): string {
    const user = this.core.world.userByName(username);
    if (!user) throw new Error(`fake Discord: no user ${username}`);
    return user.id;
  }
  roleId(name: string, guildName?: string): string {
    const guildId = guildName === undefined ? undefined : this.guildId(guildName);
    const role = [...this.core.world.roles.values()].find((r) => r.name === name && (guildId === undefined || r.guildId === guildId));
    if (!role) throw new Error(`fake Discord: no role ${name}`);
    return role.id;
  }

  // ---- state -------------------------------------------------------------------

  /** Messages of a channel, oldest first; deleted ones only with `includeDeleted`. */
  messages(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    if (options.includeDeleted !== true) return this.core.world.channelMessages(channelId);
    return (this.core.world.channelMessageIds.get(channelId) ?? []).map((id) => this.core.world.messages.get(id)!);
  }
  message(id: string): StoredMessage | undefined {
    return this.core.world.messages.get(id);
  }
  channel(id: string): FakeChannel | undefined {
    return this.core.world.channels.get(id);
  }
  interaction(id: string): FakeInteraction | undefined {
    return this.core.world.interactions.get(id);
  }
  /** Commands the bot registered: global ones, or those of a guild. */
  commands(guildId?: string): RegisteredCommand[] {
    return commandsIn(this.core, guildId ?? null);
  }
  /** When the bot triggered "is typing..." in a channel (world clock). */
  typingIn(channelId: string): number[] {
    return this.core.world.typing.filter((t) => t.channelId === channelId).map((t) => t.at);
  }
  /** The DM channel between the bot and a user (created if needed); post in it with `userSays`. */
  dmChannel(userId: string): FakeChannel {
    return dmChannelWith(this.core, userId);
  }
  /** The `@original` response message of an interaction, once there is one. */
  originalResponse(interaction: FakeInteraction): StoredMessage | undefined {
    return interaction.originalMessageId === null ? undefined : this.core.world.messages.get(interaction.originalMessageId);
  }
  followUps(interaction: FakeInteraction): StoredMessage[] {
    return interaction.followUpMessageIds.map((id) => this.core.world.messages.get(id)!).filter((m) => m.deletedAt === null);
  }

  // ---- simulated users ---------------------------------------------------------

  /** A user posts a message (MESSAGE_CREATE). */
  userSays(input: UserMessageInput): StoredMessage {
    return userSays(this.core, input);
  }
  userEdits(messageId: string, content: string): StoredMessage {
    return userEdits(this.core, messageId, content);
  }
  userDeletes(messageId: string): void {
    userDeletes(this.core, messageId);
  }
  userStartsThread(input: { channelId: string; userId: string; name: string; fromMessageId?: string; private?: boolean }): FakeChannel {
    return userStartsThread(this.core, input);
  }
  /**
   * Puts a file on the CDN (URL signed, expiring like Discord's) for use in `userSays({ attachments })` or
   * ATTACHMENT command options. `channelId` defaults to the first text channel of the first guild.
   */
  addAttachment(bytes: Uint8Array | string, filename: string, contentType = "application/octet-stream", channelId?: string): StoredAttachment {
    const channel = channelId ?? [...this.core.world.channels.values()].find((c) => c.guildId !== null && c.type === ChannelType.GuildText)?.id;
    if (channel === undefined) throw new Error("fake Discord: no text channel for the attachment");
    return addAttachment(this.core, channel, { bytes, filename, contentType });
  }
  /** The CDN URL of a stored attachment (what payloads carry). */
  cdnUrl(attachment: StoredAttachment): string {
    return attachment.url;
  }
  runCommand(input: RunCommandInput): FakeInteraction {
    return runCommand(this.core, input);
  }
  autocomplete(input: RunCommandInput & { focused: string; value: string }): FakeInteraction {
    return autocomplete(this.core, input);
  }
  contextMenu(input: { name: string; userId: string; channelId: string; targetMessageId?: string; targetUserId?: string }): FakeInteraction {
    return contextMenu(this.core, input);
  }
  clickButton(input: { messageId: string; customId: string; userId: string }): FakeInteraction {
    return clickButton(this.core, input);
  }
  selectMenu(input: { messageId: string; customId: string; userId: string; values: string[] }): FakeInteraction {
    return selectMenu(this.core, input);
  }
  submitModal(input: { from: FakeInteraction; userId?: string; values: Record<string, string> }): FakeInteraction {
    return submitModal(this.core, input);
  }

  // ---- changing the world --------------------------------------------------------

  deleteChannel(channelId: string): void {
    deleteChannel(this.core, channelId);
  }
  /** The user accepts no DM from the bot (as with DMs closed to server members): messages to them fail with 50007. */
  closeDms(userId: string): void {
    this.core.closedDms.add(userId);
  }
  /** A new user joins a guild (GUILD_MEMBER_ADD, needs the GUILD_MEMBERS intent to be seen). */
  addMember(input: { username: string; roles?: string[]; guildId?: string }): FakeUser {
    const guildId = input.guildId ?? this.guildId();
    const user = addUser(this.core.world, input.username, this.core.newId);
    const member = { guildId, userId: user.id, roleIds: (input.roles ?? []).map((name) => this.roleId(name)), nick: null, joinedAt: this.core.now() };
    this.core.world.members.set(`${guildId}:${user.id}`, member);
    this.core.dispatchEvent("GUILD_MEMBER_ADD", { ...memberPayload(this.core.world, member), guild_id: guildId }, guildId);
    return user;
  }
  /** Allows or denies the bot permissions in a channel (a member overwrite; for a thread, on its parent). CHANNEL_UPDATE. */
  setBotPermissions(channelId: string, change: { allow?: PermissionName[]; deny?: PermissionName[] }): void {
    this.setPermissionOverwrite(channelId, { id: this.core.botUser.id, type: 1, allow: permissionBits(change.allow ?? []), deny: permissionBits(change.deny ?? []) });
  }
  /** Sets (replaces) a permission overwrite on a channel (for a thread, on its parent). CHANNEL_UPDATE. */
  setPermissionOverwrite(channelId: string, overwrite: PermissionOverwrite): void {
    let channel = this.core.world.channels.get(channelId);
    if (channel && isThread(channel) && channel.parentId) channel = this.core.world.channels.get(channel.parentId);
    if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== overwrite.id), overwrite];
    const payload = channelPayload(this.core.world, channel);
    this.core.checkOwnPayload("GuildChannelResponseSchema", payload, "CHANNEL_UPDATE");
    this.core.dispatchEvent("CHANNEL_UPDATE", payload, channel.guildId);
  }

  // ---- waiting -----------------------------------------------------------------

  /** Resolves with the first truthy value of `check`, re-evaluated whenever the fake's state changes. */
  waitFor<T>(check: () => T | undefined | null | false, options?: WaitOptions): Promise<T> {
    return waitFor(this.core, check, options);
  }
  /** The first message (existing or future) matching the filter; `authorId` defaults to the bot. */
  waitForMessage(filter: { channelId?: string; authorId?: string; where?: (message: StoredMessage) => boolean }, options?: WaitOptions): Promise<StoredMessage> {
    const authorId = filter.authorId ?? this.core.botUser.id;
    return waitFor(
      this.core,
      () =>
        [...this.core.world.messages.values()].find(
          (m) => m.deletedAt === null && m.authorId === authorId && (filter.channelId === undefined || m.channelId === filter.channelId) && (filter.where?.(m) ?? true),
        ),
      { description: `a message from ${authorId}${filter.channelId ? ` in ${filter.channelId}` : ""}`, ...options },
    );
  }

  // ---- faults ------------------------------------------------------------------

  /**
   * The next `times` requests matching `matcher` get 429 with `retry_after` (seconds) — a shared-scope limit
   * discord.js must wait out and retry. Counted in `stats.injected429`, not in `stats.rateLimited`.
   */
  inject429(matcher: RouteMatcher, times = 1, retryAfterSec = 0.2, options: { global?: boolean } = {}): void {
    this.core.faults.add({ matcher, remaining: times, kind: "429", status: 429, retryAfterSec, global: options.global === true });
  }
  /** The next `times` matching requests get a 5xx (discord.js retries up to 3 times). */
  inject5xx(matcher: RouteMatcher, times = 1, status = 500): void {
    this.core.faults.add({ matcher, remaining: times, kind: "5xx", status, retryAfterSec: 0, global: false });
  }
  /**
   * Drops every gateway connection like a network failure (discord.js resumes; events dispatched meanwhile are
   * replayed). `code` closes with that code instead; `resumable: false` invalidates the sessions (re-IDENTIFY).
   */
  dropGateway(options: { code?: number; resumable?: boolean } = {}): void {
    this.core.gateway.drop(options);
  }
  /** Sends op 7 Reconnect: the client reconnects and resumes. */
  /** Holds new gateway connections until the returned function is called (see FakeGateway.holdConnections). */
  holdGatewayConnections(): () => void {
    return this.core.gateway.holdConnections();
  }
  requestReconnect(): void {
    this.core.gateway.requestReconnect();
  }

  async close(): Promise<void> {
    this.core.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
