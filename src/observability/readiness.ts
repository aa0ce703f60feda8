/**
 * Whether the bot is ready to serve (`/readyz`): every gateway shard READY (not reconnecting), the store answering,
 * and — when /batch runs — a poll cycle finished recently (three base intervals: one slow cycle is not an outage).
 * Pure: the caller gathers the facts.
 */

export interface ReadinessFacts {
  /** Each shard's id and whether it is READY (discord.js `Status.Ready`). */
  shards: readonly { id: number; ready: boolean }[];
  storeReachable: boolean;
  /** Present when /batch runs: when the last poll cycle ended and the base interval, in ms of one clock. */
  batchPoll?: { lastAt: number | undefined; intervalMs: number; now: number; startedAt: number };
}

export interface Readiness {
  ready: boolean;
  /** Why not, one sentence each. */
  reasons: string[];
}

const POLL_GRACE_INTERVALS = 3;

export function assessReadiness(facts: ReadinessFacts): Readiness {
  const reasons: string[] = [];
  if (facts.shards.length === 0) reasons.push("not connected to the Discord gateway");
  for (const shard of facts.shards) if (!shard.ready) reasons.push(`gateway shard ${shard.id} is not READY (reconnecting)`);
  if (!facts.storeReachable) reasons.push("the store does not answer");
  const poll = facts.batchPoll;
  if (poll !== undefined) {
    const since = poll.lastAt ?? poll.startedAt;
    if (poll.now - since > POLL_GRACE_INTERVALS * poll.intervalMs) {
      reasons.push(`no batch poll cycle finished in the last ${Math.round((poll.now - since) / 1000)} s (interval ${poll.intervalMs / 1000} s)`);
    }
  }
  return { ready: reasons.length === 0, reasons };
}
