import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIInteraction,
  APIMessageTopLevelComponent,
  APIModalInteractionResponseCallbackData,
  ChannelType,
  InteractionType,
} from "discord-api-types/v10";

// The fake's state. Plain data: test code reads it directly; REST handlers and drivers mutate it.
// Field names are camelCase for the fake's own bookkeeping; what the bot sent (embeds, components)
// is kept in Discord's wire shape so tests can compare it with what they expect Discord to show.

/** A user: a simulated person or the bot. */
export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

/** A guild; its @everyone role has the guild's id. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Bytes per uploaded file when boosts raise it (see `GuildSeed.uploadLimitBytes`); absent: the default. */
  uploadLimitBytes?: number;
}

/** A guild role. */
export interface FakeRole {
  id: string;
  guildId: string;
  name: string;
  /** Permission bits (discord-api-types `PermissionFlagsBits`). The @everyone role has the guild's id. */
  permissions: bigint;
  position: number;
  managed: boolean;
  mentionable: boolean;
  /** For the role Discord manages for a bot: that bot's user id. */
  botId?: string;
}

/** A user's membership of a guild. */
export interface FakeMember {
  guildId: string;
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: number;
}

/** A channel permission overwrite. */
export interface PermissionOverwrite {
  /** A role id (type 0) or a user id (type 1). */
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** What only threads have. */
interface FakeThreadInfo {
  ownerId: string;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: 60 | 1440 | 4320 | 10080;
  createdAt: number;
  memberIds: Set<string>;
  messageCount: number;
  totalMessageSent: number;
  invitable: boolean;
}

/** A guild channel, category, thread or DM. */
export interface FakeChannel {
  id: string;
  type: ChannelType;
  /** null for DMs. */
  guildId: string | null;
  name: string | null;
  /** Category of a guild channel, or the channel a thread lives in. */
  parentId: string | null;
  position: number;
  topic: string | null;
  overwrites: PermissionOverwrite[];
  /** DM recipients other than the bot. */
  recipientIds: string[];
  thread: FakeThreadInfo | null;
  lastMessageId: string | null;
}

/** A file on the fake's CDN, uploaded by the bot or attached by a simulated user. */
export interface StoredAttachment {
  id: string;
  channelId: string;
  filename: string;
  contentType: string | null;
  description: string | null;
  bytes: Uint8Array;
  /** The CDN URL handed out in payloads (points at the fake). */
  url: string;
  /** Signed CDN URLs expire (`ex` query parameter); the CDN answers 404 after this (epoch ms). */
  expiresAt: number;
  ephemeral: boolean;
}

/** A message as it looked at one point in time; `versions[0]` is the message as created. */
export interface MessageVersion {
  at: number;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachmentIds: string[];
  flags: number;
}

/** Whom a message actually notifies, after `allowed_mentions` is applied. */
export interface MessagePings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** A message as the fake keeps it, with its whole edit history. */
export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** Discord message type: 0 default, 19 reply, 20 chat-input command, 23 context-menu command. */
  type: number;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: StoredAttachment[];
  /** Message flags: 64 EPHEMERAL, 128 LOADING (deferred "is thinking..."), 4 SUPPRESS_EMBEDS, 4096 SUPPRESS_NOTIFICATIONS. */
  flags: number;
  tts: boolean;
  nonce: string | number | null;
  messageReference: { message_id: string; channel_id: string; guild_id?: string } | null;
  /** `allowed_mentions` exactly as the bot sent it (null when absent). */
  allowedMentions: unknown;
  pings: MessagePings;
  /** Set for interaction responses and follow-ups. */
  webhookId: string | null;
  applicationId: string | null;
  interactionId: string | null;
  createdAt: number;
  editedAt: number | null;
  versions: MessageVersion[];
  deletedAt: number | null;
  /** emoji -> user ids who reacted. */
  reactions: Map<string, Set<string>>;
  /** Thread started from this message (same id as the message, as on Discord). */
  threadId: string | null;
}

/** How the bot answered an interaction. */
interface InteractionResponseRecord {
  /** Interaction callback type: 4 message, 5 deferred message, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  at: number;
  /** The callback body's `data` as sent. */
  data: unknown;
}

/** An interaction a simulated user triggered, and how the bot answered it (live record). */
export interface FakeInteraction {
  id: string;
  token: string;
  /** 2 application command, 3 component, 4 autocomplete, 5 modal submit. */
  type: InteractionType;
  channelId: string;
  guildId: string | null;
  userId: string;
  createdAt: number;
  /** The INTERACTION_CREATE payload that was dispatched. */
  payload: APIInteraction;
  response: InteractionResponseRecord | null;
  /** The `@original` message: the response message, or the clicked message for component interactions. */
  originalMessageId: string | null;
  followUpMessageIds: string[];
  autocompleteChoices: APIApplicationCommandOptionChoice[] | null;
  modal: APIModalInteractionResponseCallbackData | null;
  /** For a modal submit: the interaction that opened the modal. */
  triggeredById: string | null;
}

/** A command as registered by the bot; `guildId` null for global commands. */
export type RegisteredCommand = APIApplicationCommand;

/** All state of the fake, in maps keyed by id. */
export class World {
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly roles = new Map<string, FakeRole>();
  /** Keyed `${guildId}:${userId}`. */
  readonly members = new Map<string, FakeMember>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  /** Message ids per channel in creation order (deleted ones included; they carry `deletedAt`). */
  readonly channelMessageIds = new Map<string, string[]>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly commands = new Map<string, RegisteredCommand>();
  /** Typing indicators the bot triggered (POST /channels/{id}/typing). */
  readonly typing: { channelId: string; at: number }[] = [];

  member(guildId: string, userId: string): FakeMember | undefined {
    return this.members.get(`${guildId}:${userId}`);
  }

  guildRoles(guildId: string): FakeRole[] {
    return [...this.roles.values()].filter((role) => role.guildId === guildId).sort((a, b) => a.position - b.position);
  }

  guildMembers(guildId: string): FakeMember[] {
    return [...this.members.values()].filter((member) => member.guildId === guildId);
  }

  guildChannels(guildId: string): FakeChannel[] {
    return [...this.channels.values()].filter((channel) => channel.guildId === guildId);
  }

  /** Live (not deleted) messages of a channel, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    const ids = this.channelMessageIds.get(channelId) ?? [];
    return ids.map((id) => this.messages.get(id)).filter((m): m is StoredMessage => m !== undefined && m.deletedAt === null);
  }

  addMessage(message: StoredMessage): void {
    this.messages.set(message.id, message);
    const ids = this.channelMessageIds.get(message.channelId) ?? [];
    ids.push(message.id);
    this.channelMessageIds.set(message.channelId, ids);
    const channel = this.channels.get(message.channelId);
    if (channel) {
      channel.lastMessageId = message.id;
      if (channel.thread) {
        channel.thread.messageCount += 1;
        channel.thread.totalMessageSent += 1;
      }
    }
  }

  userByName(username: string): FakeUser | undefined {
    return [...this.users.values()].find((user) => user.username === username);
  }
}
