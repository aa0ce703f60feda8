/**
 * Posts a finished job's notice exactly once, whatever instance posts it and wherever a process dies. The steps are
 * idempotent and every effect is passed in:
 *
 *     notified?  -> claim lease `notice:<id>` -> notified? -> beforeDelivery -> findPosted (scan the channel for
 *                the marker) -> post the parts not found -> markNotified -> release
 *
 * - Two instances: the lease lets one through; the other returns `claimed_elsewhere` and tries on a later poll.
 * - A death before posting: the lease expires and the next instance posts.
 * - A death after posting, before `markNotified` (or between the parts of a notice of several messages): the next
 *   instance finds the marker (`job-notice-marker.ts`) in the channel, records what it found, and posts only the
 *   parts that are missing.
 * - An effect that throws (Discord 500, a timeout whose message went out anyway): the lease is released at once so
 *   the next attempt need not wait for it to expire; that attempt scans before posting, so a post that did go out
 *   is found, not repeated.
 *
 * The scan always runs, not only after a crash: it costs one request per notice and is the only thing that knows
 * about a post whose answer was lost. Its limit: the marker must still be among the messages the edge fetches (the
 * channel's latest 100, say); a notice buried deeper than that by a very busy channel would be posted again.
 */
import type { PostedPart } from "./job-notice-marker.ts";
import { isWholeNotice } from "./job-notice-marker.ts";

/** What was recorded once the notice was out. */
export interface NoticeReceipt {
  /** Message ids of the notice's parts, in order. */
  messageIds: string[];
  /** ISO time it was recorded. */
  notifiedAt: string;
  /** Found in the channel by the scan (an earlier attempt posted it but died before recording it). */
  recovered: boolean;
}

/**
 * The effects, each safe to repeat. `T` is where the notice goes (the edge's notify target: channel, thread, owner
 * for a DM fallback); the sequence only hands it back.
 */
export interface NoticeEffects<T> {
  /** Atomic lease (see `src/store/claim-lease.ts`). */
  claimLease(key: string, owner: string, ttlMs: number): Promise<{ claimed: true } | { claimed: false; holder?: string }>;
  releaseLease(key: string, owner: string): Promise<unknown>;
  /** The receipt, if the notice was recorded as posted. */
  notified(noticeId: string): Promise<NoticeReceipt | undefined>;
  /** Parts of this notice already in the channel (see `findPostedParts`); [] when none. */
  findPosted(target: T, noticeId: string): Promise<PostedPart[]>;
  /** Renders the notice and posts every part not in `posted`; returns the ids of all parts, in order. */
  post(target: T, noticeId: string, posted: readonly PostedPart[]): Promise<string[]>;
  markNotified(noticeId: string, receipt: NoticeReceipt): Promise<void>;
  now(): Date;
  /**
   * Work due once per notice before any part of it goes out, done under the notice's lease (a completion notice
   * records the job's spend here). Must be safe to repeat: a later attempt, or the DM after a refused channel, runs
   * it again.
   */
  beforeDelivery?(noticeId: string): Promise<void>;
}

export interface DeliverOptions {
  /** This process's id: the lease owner. Unique per process, so a restarted bot is another owner. */
  instanceId: string;
  /** How long the lease covers a delivery (collecting results, uploading files); default 15 minutes. */
  leaseMs?: number;
}

export type DeliveryOutcome =
  /** This call posted the notice (or, after a death halfway, its missing parts). */
  | { outcome: "posted"; messageIds: string[]; resumedParts: number }
  /** The scan found the whole notice: an earlier attempt posted it and died before recording it. */
  | { outcome: "already_posted"; messageIds: string[] }
  | { outcome: "already_notified"; receipt: NoticeReceipt }
  /** Another attempt holds the lease (another instance, or this one, still at it or dead less than a lease ago). */
  | { outcome: "claimed_elsewhere"; holder?: string };

export const DEFAULT_NOTICE_LEASE_MS = 15 * 60_000;

/** The lease key of a notice. */
function noticeLeaseKey(noticeId: string): string {
  return `notice:${noticeId}`;
}

export async function deliverJobNotice<T>(
  notice: { noticeId: string; target: T },
  effects: NoticeEffects<T>,
  options: DeliverOptions,
): Promise<DeliveryOutcome> {
  const { noticeId, target } = notice;
  const before = await effects.notified(noticeId);
  if (before !== undefined) return { outcome: "already_notified", receipt: before };

  const key = noticeLeaseKey(noticeId);
  const claim = await effects.claimLease(key, options.instanceId, options.leaseMs ?? DEFAULT_NOTICE_LEASE_MS);
  if (!claim.claimed) return { outcome: "claimed_elsewhere", ...(claim.holder === undefined ? {} : { holder: claim.holder }) };

  let outcome: DeliveryOutcome;
  try {
    outcome = await deliverUnderLease(noticeId, target, effects);
  } catch (error) {
    // Not a crash: free the notice for the next attempt now. A failed release only means waiting for the expiry.
    await effects.releaseLease(key, options.instanceId).catch(() => undefined);
    throw error;
  }
  await effects.releaseLease(key, options.instanceId).catch(() => undefined);
  return outcome;
}

async function deliverUnderLease<T>(noticeId: string, target: T, effects: NoticeEffects<T>): Promise<DeliveryOutcome> {
  // Another instance may have finished and released between our first check and our claim.
  const recorded = await effects.notified(noticeId);
  if (recorded !== undefined) return { outcome: "already_notified", receipt: recorded };

  await effects.beforeDelivery?.(noticeId);
  const found = await effects.findPosted(target, noticeId);
  if (isWholeNotice(found)) {
    const messageIds = found.map((part) => part.messageId);
    await effects.markNotified(noticeId, { messageIds, notifiedAt: effects.now().toISOString(), recovered: true });
    return { outcome: "already_posted", messageIds };
  }
  const messageIds = await effects.post(target, noticeId, found);
  await effects.markNotified(noticeId, { messageIds, notifiedAt: effects.now().toISOString(), recovered: found.length > 0 });
  return { outcome: "posted", messageIds, resumedParts: found.length };
}
