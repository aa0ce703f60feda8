/**
 * The discord.js side of `deliverJobNotice`: where a notice goes (the submission's channel or thread, else the
 * owner's DMs), how the channel is scanned for the notice's marker, and how missing parts are sent with the bot
 * token (never the interaction's, long dead when a job ends).
 */
import { DiscordAPIError, RESTJSONErrorCodes, type Client, type Message, type SendableChannels } from "discord.js";
import type { BatchRuntime } from "./batch-runtime-types.ts";
import type { NoticeEffects } from "./deliver-job-notice.ts";
import { findPostedParts, type PostedPart, type ScannedMessage } from "./job-notice-marker.ts";
import type { NoticeMessage } from "./render-job-notice.ts";

/** The submission's channel (or thread), or the owner's DMs when that is gone. */
export type NoticeTarget = { kind: "channel"; channelId: string } | { kind: "dm"; userId: string };

/** How far back the scan looks for a notice posted by an attempt that died before recording it. */
const SCAN_LIMIT = 100;

/** Errors that mean "this channel will not take the notice": deleted, or the bot lost access or permission. */
const UNREACHABLE_CODES = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

export function isUnreachable(error: unknown): boolean {
  return error instanceof DiscordAPIError && UNREACHABLE_CODES.has(error.code);
}

export async function resolveTarget(client: Client, target: NoticeTarget): Promise<SendableChannels> {
  if (target.kind === "dm") return await client.users.createDM(target.userId);
  const channel = await client.channels.fetch(target.channelId);
  if (channel === null || !channel.isSendable()) throw new Error(`channel ${target.channelId} does not take messages`);
  return channel;
}

/**
 * `render` builds the notice's messages for a target (once per delivery and target; it may collect results). It is
 * told the target because what may be attached depends on it: a boosted guild's channel takes larger files than DMs.
 */
export function discordNoticeEffects(client: Client, runtime: BatchRuntime, render: (target: NoticeTarget) => Promise<NoticeMessage[]>): NoticeEffects<NoticeTarget> {
  return {
    claimLease: (key, owner, ttlMs) => runtime.leases.claimLease(key, owner, ttlMs),
    releaseLease: (key, owner) => runtime.leases.releaseLease(key, owner),
    notified: async (noticeId) => (await runtime.notices.get(noticeId))?.receipt,
    findPosted: async (target, noticeId) => {
      const channel = await resolveTarget(client, target);
      const messages = await channel.messages.fetch({ limit: SCAN_LIMIT });
      return findPostedParts([...messages.values()].map(toScanned), { botUserId: client.user?.id ?? "", noticeId });
    },
    post: async (target, _noticeId, posted) => {
      const channel = await resolveTarget(client, target);
      const messages = await render(target);
      const ids: string[] = [];
      for (const [index, message] of messages.entries()) {
        const found = samePart(posted, index + 1, messages.length);
        if (found !== undefined) {
          ids.push(found.messageId);
          continue;
        }
        // A DM cannot reply to the submission: it lives in the guild channel.
        const { reply, ...rest } = message;
        const sent = await channel.send(target.kind === "dm" || reply === undefined ? rest : { ...rest, reply });
        ids.push(sent.id);
      }
      return ids;
    },
    markNotified: async (noticeId, receipt) => {
      await runtime.notices.put(noticeId, { receipt });
    },
    now: runtime.now,
  };
}

function samePart(posted: readonly PostedPart[], part: number, parts: number): PostedPart | undefined {
  return posted.find((found) => found.part === part && found.parts === parts);
}

function toScanned(message: Message): ScannedMessage {
  return {
    id: message.id,
    authorId: message.author.id,
    content: message.content,
    embedFooters: message.embeds.map((embed) => embed.footer?.text ?? ""),
  };
}
