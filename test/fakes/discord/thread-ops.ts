import { ChannelType } from "discord-api-types/v10";
import type { FakeCore } from "./core.ts";
import { channelPayload, threadMemberPayload } from "./serialize-guild.ts";
import type { FakeChannel, StoredMessage } from "./world.ts";

/** A thread to create. */
export interface NewThread {
  parent: FakeChannel;
  name: string;
  ownerId: string;
  /** Public (11) or private (12); a thread from a message is always public. */
  type?: ChannelType.PublicThread | ChannelType.PrivateThread;
  /** Threads started from a message take the message's id, as on Discord. */
  starter?: StoredMessage;
  autoArchiveDuration?: 60 | 1440 | 4320 | 10080;
  invitable?: boolean;
}

/** Creates a thread channel and dispatches THREAD_CREATE (with the bot's thread member when it is in the thread). */
export function createThread(core: FakeCore, spec: NewThread): FakeChannel {
  const now = core.now();
  const thread: FakeChannel = {
    id: spec.starter?.id ?? core.newId(),
    type: spec.starter ? ChannelType.PublicThread : (spec.type ?? ChannelType.PrivateThread),
    guildId: spec.parent.guildId,
    name: spec.name,
    parentId: spec.parent.id,
    position: 0,
    topic: null,
    overwrites: [],
    recipientIds: [],
    lastMessageId: null,
    thread: {
      ownerId: spec.ownerId,
      archived: false,
      locked: false,
      autoArchiveDuration: spec.autoArchiveDuration ?? 1440,
      createdAt: now,
      memberIds: new Set([spec.ownerId]),
      messageCount: 0,
      totalMessageSent: 0,
      invitable: spec.invitable ?? true,
    },
  };
  core.world.channels.set(thread.id, thread);
  if (spec.starter) spec.starter.threadId = thread.id;
  const payload = threadPayload(core, thread);
  core.checkOwnPayload("ThreadResponseSchema", payload, "THREAD_CREATE");
  core.dispatchEvent("THREAD_CREATE", { ...payload, newly_created: true }, thread.guildId);
  return thread;
}

/** A thread as REST returns it, with the bot's thread member when the bot joined it. */
export function threadPayload(core: FakeCore, thread: FakeChannel): Record<string, unknown> {
  const payload = channelPayload(core.world, thread);
  const joined = thread.thread?.memberIds.has(core.botUser.id) ?? false;
  return joined ? { ...payload, member: threadMemberPayload(thread, core.botUser.id, thread.thread!.createdAt) } : payload;
}

/** Adds or removes a thread member and dispatches THREAD_MEMBERS_UPDATE (and THREAD_MEMBER_UPDATE for the bot). */
export function setThreadMember(core: FakeCore, thread: FakeChannel, userId: string, joined: boolean): void {
  const info = thread.thread;
  if (!info) return;
  const changed = joined ? !info.memberIds.has(userId) : info.memberIds.has(userId);
  if (joined) info.memberIds.add(userId);
  else info.memberIds.delete(userId);
  if (!changed) return;
  const member = threadMemberPayload(thread, userId, core.now());
  if (joined && userId === core.botUser.id) core.dispatchEvent("THREAD_MEMBER_UPDATE", { ...member, guild_id: thread.guildId }, thread.guildId);
  core.dispatchEvent(
    "THREAD_MEMBERS_UPDATE",
    {
      id: thread.id,
      guild_id: thread.guildId,
      member_count: info.memberIds.size,
      ...(joined ? { added_members: [member] } : { removed_member_ids: [userId] }),
    },
    thread.guildId,
  );
}
