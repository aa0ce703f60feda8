import { createHmac, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { ChannelType, GatewayIntentBits, MessageFlags } from "discord-api-types/v10";
import { DiscordError, ErrorCode, type BodyIssue } from "./discord-error.ts";
import { FaultPlan } from "./faults.ts";
import { FakeGateway, type GatewaySession, type GatewayStats } from "./gateway.ts";
import { intentFor, seesContent, withoutContent } from "./gateway-intents.ts";
import type { ResolvedOptions } from "./options.ts";
import { hasPermission, permissionsIn, type PermissionName } from "./permissions.ts";
import { RateLimiter } from "./rate-limits.ts";
import { applicationFlags } from "./application-flags.ts";
import { seedWorld } from "./seed-world.ts";
import { guildCreatePayload, userPayload } from "./serialize-guild.ts";
import { gatewayMessagePayload, messagePayload } from "./serialize-message.ts";
import { largestShard, shardOfGuild } from "./shards.ts";
import { createSnowflakeGenerator, type SnowflakeGenerator } from "./snowflake.ts";
import { specIssues } from "./spec-issues.ts";
import type { SpecSchemaName } from "./spec-schemas.ts";
import { World, type FakeChannel, type FakeUser, type StoredAttachment, type StoredMessage } from "./world.ts";

/** Something the bot (or the fake itself) did that real Discord would reject; tests fail on these. */
export interface Violation {
  /**
   * `request`: body failed Discord's schema or bot limits; `unknown-route`: no such endpoint; `upload-too-large`;
   * `response`: the fake's own payload failed Discord's schema (a bug in the fake); `fake-error`: a handler crashed.
   */
  kind: "request" | "unknown-route" | "upload-too-large" | "response" | "fake-error";
  method: string;
  path: string;
  route: string;
  message: string;
  issues: BodyIssue[];
  body?: unknown;
}

/** Every REST request the fake answered, in order. */
export interface RequestRecord {
  method: string;
  path: string;
  route: string;
  status: number;
  /** Real time (ms) the answer was sent. */
  at: number;
  /** Parsed JSON body (or `payload_json` of a multipart body). */
  body: unknown;
  files: { name: string; size: number; contentType: string }[];
}

/** An error answer the fake sent (4xx/5xx, including 429s and injected faults). */
export interface ErrorRecord {
  method: string;
  path: string;
  route: string;
  status: number;
  code: number;
  message: string;
}

/** Counters a test can assert on (`fake.stats`). */
export interface FakeStats {
  /** REST requests answered. */
  requests: number;
  /** 429s sent because the bot exceeded a bucket or the global limit (not counting injected ones). */
  rateLimited: number;
  /** Injected 429s served. */
  injected429: number;
  /** Injected 5xx served. */
  injected5xx: number;
  /** 401, 403 and 429 answers (Discord bans bots with 10,000 of these in 10 minutes). */
  invalidRequests: number;
  gateway: GatewayStats;
}

/** The fake's state and plumbing shared by REST handlers, the gateway and the test-facing drivers. */
export class FakeCore {
  readonly world = new World();
  readonly newId: SnowflakeGenerator;
  readonly botUser: FakeUser;
  readonly applicationId: string;
  readonly violations: Violation[] = [];
  readonly errors: ErrorRecord[] = [];
  readonly requests: RequestRecord[] = [];
  readonly faults = new FaultPlan();
  /** Users who accept no DM from the bot (privacy settings, or the bot blocked): sending fails with 50007. */
  readonly closedDms = new Set<string>();
  readonly rateLimiter: RateLimiter;
  readonly gateway: FakeGateway;
  readonly stats: FakeStats;
  /** `http://host:port`, set once the server listens. */
  baseUrl = "";
  private readonly changes = new EventEmitter();
  private readonly cdnSecret = randomBytes(16);

  constructor(readonly options: ResolvedOptions) {
    this.changes.setMaxListeners(0);
    this.newId = createSnowflakeGenerator(options.clock);
    this.applicationId = this.newId();
    // Discord bots share their application's id.
    this.botUser = { id: this.applicationId, username: options.botName, globalName: null, bot: true };
    seedWorld(this.world, options.guilds, this.botUser, this.newId, options.clock());
    this.rateLimiter = new RateLimiter(options.resolvedRateLimits);
    const privileged = options.privilegedIntents;
    this.gateway = new FakeGateway({
      botToken: options.botToken,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      enabledPrivilegedIntents:
        (privileged.messageContent === false ? 0 : GatewayIntentBits.MessageContent) |
        (privileged.guildMembers === false ? 0 : GatewayIntentBits.GuildMembers) |
        (privileged.guildPresences === false ? 0 : GatewayIntentBits.GuildPresences),
      resumeUrl: () => this.gatewayUrl,
      maxConcurrency: options.maxConcurrency,
      identifyWindowMs: options.identifyWindowMs,
      shardingRequired: (shardCount) => largestShard(this.world.guilds.keys(), shardCount) > options.maxGuildsPerShard,
      onIdentify: (session) => this.identifyPayloads(session),
      onChange: () => this.notify(),
    });
    this.stats = { requests: 0, rateLimited: 0, injected429: 0, injected5xx: 0, invalidRequests: 0, gateway: this.gateway.stats };
  }

  now(): number {
    return this.options.clock();
  }

  get restUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return `${this.baseUrl.replace(/^http/, "ws")}/gateway`;
  }

  get cdnBaseUrl(): string {
    return `${this.baseUrl}/cdn`;
  }

  /** Wakes up `waitFor` predicates; called after every state change. */
  notify(): void {
    this.changes.emit("change");
  }

  onChange(listener: () => void): () => void {
    this.changes.on("change", listener);
    return () => this.changes.off("change", listener);
  }

  /** Checks a payload the fake produced against Discord's schema; a mismatch is a bug in the fake. */
  checkOwnPayload(schema: SpecSchemaName, value: unknown, where: string): void {
    const issues = specIssues(schema, value);
    if (issues.length > 0) {
      this.violations.push({ kind: "response", method: "-", path: where, route: where, message: `fake produced an invalid ${schema}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues, body: value });
    }
  }

  // ---- gateway -------------------------------------------------------------

  /** READY and the GUILD_CREATEs after it: only the guilds of the session's shard, as on Discord. */
  private identifyPayloads(session: GatewaySession): { ready: Record<string, unknown>; guilds: Record<string, unknown>[] } {
    const [shardId, shardCount] = session.shard;
    const guildIds = [...this.world.guilds.keys()].filter((id) => shardOfGuild(id, shardCount) === shardId);
    const user = { ...userPayload(this.botUser), verified: true, mfa_enabled: false };
    this.checkOwnPayload("UserResponseSchema", user, "READY user");
    return {
      ready: {
        v: 10,
        user,
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        application: { id: this.applicationId, flags: applicationFlags(this.options.privilegedIntents) },
        shard: [shardId, shardCount],
        private_channels: [],
      },
      guilds: guildIds.map((id) => this.checkedGuildCreate(id)),
    };
  }

  /** GUILD_CREATE, with its channels, threads, roles and members checked against Discord's schemas. */
  private checkedGuildCreate(guildId: string): Record<string, unknown> {
    const payload = guildCreatePayload(this.world, guildId, this.botUser.id, this.now());
    for (const channel of payload.channels) this.checkOwnPayload("GuildChannelResponseSchema", channel, "GUILD_CREATE channels");
    for (const thread of payload.threads) this.checkOwnPayload("ThreadResponseSchema", thread, "GUILD_CREATE threads");
    for (const role of payload.roles) this.checkOwnPayload("GuildRoleResponseSchema", role, "GUILD_CREATE roles");
    for (const member of payload.members) this.checkOwnPayload("GuildMemberResponseSchema", member, "GUILD_CREATE members");
    return payload as unknown as Record<string, unknown>;
  }

  /** MESSAGE_CREATE/MESSAGE_UPDATE for a stored message; never for ephemeral messages (as on Discord). */
  dispatchMessage(event: "MESSAGE_CREATE" | "MESSAGE_UPDATE", message: StoredMessage): void {
    if ((message.flags & MessageFlags.Ephemeral) !== 0) return;
    const payload = gatewayMessagePayload(this.world, message, this.botUser.id);
    this.checkOwnPayload("MessageResponseSchema", payload, event);
    const visibility = { guildId: message.guildId, authorId: message.authorId, mentionedUserIds: message.pings.users };
    this.gateway.dispatch(event, intentFor(event, message.guildId !== null), message.guildId, (session) =>
      seesContent((session.intents & GatewayIntentBits.MessageContent) !== 0, visibility, this.botUser.id) ? payload : withoutContent(payload),
    );
  }

  /** Any other dispatch: `guildId` is the guild it happens in (its shard gets it), null outside guilds (shard 0). */
  dispatchEvent(event: string, data: unknown, guildId: string | null): void {
    this.gateway.dispatch(event, intentFor(event, guildId !== null), guildId, () => data);
  }

  /** A message as REST returns it; content is empty when the application lacks the MESSAGE_CONTENT intent. */
  restMessagePayload(message: StoredMessage): Record<string, unknown> {
    const payload = messagePayload(this.world, message, this.botUser.id);
    const visibility = { guildId: message.guildId, authorId: message.authorId, mentionedUserIds: message.pings.users };
    return seesContent(this.options.privilegedIntents.messageContent !== false, visibility, this.botUser.id) ? payload : withoutContent(payload);
  }

  // ---- lookups that answer like Discord -----------------------------------------

  channelOr404(id: string): FakeChannel {
    const channel = this.world.channels.get(id);
    if (!channel) throw new DiscordError(404, ErrorCode.UnknownChannel, "Unknown Channel");
    return channel;
  }

  /**
   * The channel, provided the bot can see it (VIEW_CHANNEL; for a private thread also membership or MANAGE_THREADS),
   * else 403 Missing Access.
   */
  visibleChannel(id: string): FakeChannel {
    const channel = this.channelOr404(id);
    const permissions = permissionsIn(this.world, channel, this.botUser.id);
    const hiddenThread =
      channel.type === ChannelType.PrivateThread && !channel.thread?.memberIds.has(this.botUser.id) && !hasPermission(permissions, "ManageThreads");
    if (!hasPermission(permissions, "ViewChannel") || hiddenThread) {
      throw new DiscordError(403, ErrorCode.MissingAccess, "Missing Access");
    }
    return channel;
  }

  /** A live message of the channel; ephemeral messages exist only for their interaction webhook, as on Discord. */
  messageOr404(channelId: string, messageId: string): StoredMessage {
    const message = this.world.messages.get(messageId);
    if (!message || message.channelId !== channelId || message.deletedAt !== null || (message.flags & MessageFlags.Ephemeral) !== 0) {
      throw new DiscordError(404, ErrorCode.UnknownMessage, "Unknown Message");
    }
    return message;
  }

  /** Bytes per uploaded file in a guild's channels (its boosts may raise it) or, for `null`, in DMs: the default. */
  uploadLimitIn(guildId: string | null): number {
    return (guildId === null ? undefined : this.world.guilds.get(guildId)?.uploadLimitBytes) ?? this.options.uploadLimitBytes;
  }

  /** 403 Missing Permissions (50013) unless the bot has every named permission in the channel. */
  requireBotPermissions(channel: FakeChannel, names: readonly PermissionName[]): void {
    const permissions = permissionsIn(this.world, channel, this.botUser.id);
    if (names.some((name) => !hasPermission(permissions, name))) {
      throw new DiscordError(403, ErrorCode.MissingPermissions, "Missing Permissions");
    }
  }

  // ---- attachments and the CDN -------------------------------------------------------

  storeAttachment(input: { channelId: string; bytes: Uint8Array; filename: string; contentType: string | null; description?: string | null; ephemeral?: boolean }): StoredAttachment {
    const id = this.newId();
    const expiresAt = this.now() + this.options.attachmentUrlLifetimeMs;
    const attachment: StoredAttachment = {
      id,
      channelId: input.channelId,
      filename: input.filename,
      contentType: input.contentType,
      description: input.description ?? null,
      bytes: input.bytes,
      url: this.cdnUrl(input.channelId, id, input.filename, expiresAt),
      expiresAt,
      ephemeral: input.ephemeral ?? false,
    };
    this.world.attachments.set(id, attachment);
    return attachment;
  }

  /** A signed URL like Discord's (`?ex=<hex expiry>&is=<hex issued>&hm=<signature>`). */
  cdnUrl(channelId: string, attachmentId: string, filename: string, expiresAt: number): string {
    const ex = Math.floor(expiresAt / 1000).toString(16);
    const is = Math.floor(this.now() / 1000).toString(16);
    return `${this.cdnBaseUrl}/attachments/${channelId}/${attachmentId}/${encodeURIComponent(filename)}?ex=${ex}&is=${is}&hm=${this.cdnSignature(attachmentId, ex)}&`;
  }

  cdnSignature(attachmentId: string, ex: string): string {
    return createHmac("sha256", this.cdnSecret).update(`${attachmentId}:${ex}`).digest("hex");
  }
}
