/**
 * Policy `wait`: submissions under a model's batch minimum wait in a pool (per guild or per channel, `[batch]
 * wait_pool_scope`) until together they reach the minimum, then go out as ONE batch job; or, once the deadline
 * (`wait_deadline_hours` after the first of them) passes, each falls back per `wait_deadline_action`: on demand at
 * full price, or a report that nothing ran. Every contribution keeps its owner, notify target and run, so when the
 * pooled job finishes each contributor gets only their own rows (`layoutPooledJob`), in their own channel.
 *
 * Pure decisions on a `WaitPool` (store it with `BatchPoolRepository.update`), and the sentences contributors read.
 */
import { discordTime } from "../render/discord-time.ts";
import type { BatchConfig } from "../../config/schema.ts";
import type { PoolContribution, PoolDispatch, PoolOwner, WaitPool } from "../../store/batch-pool.ts";

export type WaitPoolScope = BatchConfig["wait_pool_scope"];
export type WaitDeadlineAction = BatchConfig["wait_deadline_action"];

const HOUR_MS = 60 * 60_000;

/** Which pool a submission waits in: its guild's, or (channel scope, and always in DMs) its channel's, per model. */
export function poolKeyOf(owner: PoolOwner, model: string, scope: WaitPoolScope): string {
  if (scope === "guild" && owner.guildId !== undefined) return `guild:${owner.guildId}:${model}`;
  const channel = owner.channelId ?? owner.threadId;
  if (channel === undefined) throw new Error(`a waiting submission needs a channel to report to (user ${owner.userId})`);
  return `channel:${channel}:${model}`;
}

export function emptyPool(options: Pick<WaitPool, "key" | "model" | "minRecords" | "deadlineHours">): WaitPool {
  return { ...options, contributions: [] };
}

/** Records waiting in the pool. */
export function pooledRecords(pool: WaitPool): number {
  return pool.contributions.reduce((sum, contribution) => sum + contribution.records, 0);
}

export interface AddToPoolResult {
  /** The pool to store: emptied when it became ready. */
  pool: WaitPool;
  /** Every contribution (the new one included) when together they reach the minimum: submit them as one job. */
  ready?: PoolContribution[];
  /** Records still missing for the minimum; 0 when ready. */
  needed: number;
}

/**
 * Adds a submission. Adding one that is already in the pool (a retry after a crash) changes nothing. The deadline
 * is set by the first contribution of an empty pool; later ones wait less, never more.
 */
export function addToPool(pool: WaitPool, contribution: PoolContribution, now: Date): AddToPoolResult {
  const already = pool.contributions.some((waiting) => waiting.id === contribution.id);
  const contributions = already ? pool.contributions : [...pool.contributions, contribution];
  const deadline = pool.deadline ?? deadlineAfter(pool, now.toISOString());
  const next: WaitPool = { ...pool, deadline, contributions };
  const needed = pool.minRecords - pooledRecords(next);
  if (needed > 0) return { pool: next, needed };
  return { pool: drained(pool), ready: contributions, needed: 0 };
}

export interface ExpirePoolResult {
  pool: WaitPool;
  /** Contributions whose deadline passed: fall back per `wait_deadline_action`. Empty before the deadline. */
  expired: PoolContribution[];
}

export function expirePool(pool: WaitPool, now: Date): ExpirePoolResult {
  if (pool.deadline === undefined || now.getTime() < Date.parse(pool.deadline)) return { pool, expired: [] };
  return { pool: drained(pool), expired: pool.contributions };
}

/** A pool's deadline when its first waiting contribution came at `firstAddedAt` (ISO). */
function deadlineAfter(pool: WaitPool, firstAddedAt: string): string {
  return new Date(Date.parse(firstAddedAt) + pool.deadlineHours * HOUR_MS).toISOString();
}

/** What `/batch cancel` of a waiting contribution did to its pool (store `pool` either way). */
export type WithdrawResult =
  /** Out of the pool: its held records can go; nothing was spent. */
  | { outcome: "withdrawn"; pool: WaitPool; withdrawn: PoolContribution }
  /** Already taken by a fill (`job`) or the deadline (`expired`): a dispatch holds it, too late to withdraw. */
  | { outcome: "dispatching"; pool: WaitPool; kind: PoolDispatch["kind"] }
  /** Not in this pool (any more): its dispatch finished meanwhile, or it never was here. */
  | { outcome: "absent"; pool: WaitPool };

/**
 * Takes one waiting contribution out (its owner or an admin cancelled it). The deadline stays "first waiting
 * contribution + `deadlineHours`": withdrawing the first moves it to the next one's time (later, never earlier);
 * withdrawing the last empties the pool. A contribution a dispatch holds is left alone: its job or notice is under way.
 */
export function withdrawFromPool(pool: WaitPool, contributionId: string): WithdrawResult {
  const holding = pool.dispatching?.find((dispatch) => dispatch.contributions.some((each) => each.id === contributionId));
  if (holding !== undefined) return { outcome: "dispatching", pool, kind: holding.kind };
  const withdrawn = pool.contributions.find((contribution) => contribution.id === contributionId);
  if (withdrawn === undefined) return { outcome: "absent", pool };
  const contributions = pool.contributions.filter((contribution) => contribution.id !== contributionId);
  if (contributions.length === 0) return { outcome: "withdrawn", pool: drained(pool), withdrawn };
  // The deadline stays, even when the first one leaves: every other contributor was told it, and none should wait
  // longer than they were told.
  return { outcome: "withdrawn", pool: { ...pool, contributions }, withdrawn };
}

/** The pool without waiting contributions (and so without a deadline); dispatches under way stay. */
function drained(pool: WaitPool): WaitPool {
  const empty: WaitPool = { key: pool.key, model: pool.model, minRecords: pool.minRecords, deadlineHours: pool.deadlineHours, contributions: [] };
  return pool.dispatching === undefined ? empty : { ...empty, dispatching: pool.dispatching };
}

/** Records `dispatch` on the pool (in the same update that took its contributions out). */
export function openDispatch(pool: WaitPool, dispatch: PoolDispatch): WaitPool {
  return { ...pool, dispatching: [...(pool.dispatching ?? []).filter((each) => each.id !== dispatch.id), dispatch] };
}

/** Removes a finished dispatch (a no-op when another process finished it first). */
export function closeDispatch(pool: WaitPool, dispatchId: string): WaitPool {
  const { dispatching, ...rest } = pool;
  const left = (dispatching ?? []).filter((each) => each.id !== dispatchId);
  return left.length === 0 ? rest : { ...rest, dispatching: left };
}

/**
 * How long a dispatch belongs to the process that took it before a sweep may finish it. The taker claims the
 * dispatch's lease milliseconds after taking; this only keeps a sweep from slipping into that gap.
 */
export const DISPATCH_GRACE_MS = 60_000;

/** Dispatches a sweep may try to finish (it must still win their lease: the taker may be alive and at it). */
export function dispatchesToResume(pool: WaitPool, now: Date): PoolDispatch[] {
  return (pool.dispatching ?? []).filter((dispatch) => now.getTime() - Date.parse(dispatch.takenAt) >= DISPATCH_GRACE_MS);
}

/**
 * Who a dispatch's notices go to. The process that filled the pool answers that contribution in its own reply, so
 * it skips it (`answeredInReply`); a resumed dispatch tells everyone, since the reply died with the process.
 */
export function contributionsToTell(dispatch: PoolDispatch, answeredInReply?: string): PoolContribution[] {
  return dispatch.contributions.filter((contribution) => contribution.id !== answeredInReply);
}

/** The exactly-once notice of one contribution of a dispatch (see `noticeIdOf`): `pool-full/…` or `pool-expired/…`. */
export function poolNoticeName(kind: PoolDispatch["kind"]): string {
  switch (kind) {
    case "job":
      return "pool-full";
    case "expired":
      return "pool-expired";
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown dispatch kind ${String(unexpected)}`);
    }
  }
}

/** Where each contribution's records sit in the pooled job's record list, `[start, end)`, in pool order. */
export function layoutPooledJob(contributions: readonly PoolContribution[]): { contribution: PoolContribution; start: number; end: number }[] {
  let start = 0;
  return contributions.map((contribution) => {
    const range = { contribution, start, end: start + contribution.records };
    start = range.end;
    return range;
  });
}

/** "1 record", "1,200 records". */
export const recordsText = (n: number): string => `${n.toLocaleString("en-US")} record${n === 1 ? "" : "s"}`;

/** "Your 40 records are waiting for nova-lite's batch minimum of 100: 60 more needed (or on-demand at full price after …)". */
export function describeWaiting(contribution: PoolContribution, pool: WaitPool, needed: number, action: WaitDeadlineAction): string {
  const verb = contribution.records === 1 ? "is" : "are";
  const head = `Your ${recordsText(contribution.records)} ${verb} waiting for ${pool.model}'s batch minimum of ${pool.minRecords.toLocaleString("en-US")}: ${needed.toLocaleString("en-US")} more needed`;
  if (pool.deadline === undefined) return `${head}.`;
  const fallback = action === "on_demand" ? `or on-demand at full price after ${discordTime(pool.deadline)}` : `if they are not there by ${discordTime(pool.deadline)}, nothing runs and I'll tell you`;
  return `${head} (${fallback}).`;
}

/** Told to each contributor when the pool reached the minimum. */
export function describeReady(contribution: PoolContribution, ready: readonly PoolContribution[], model: string): string {
  return `${readyHead(contribution, ready, model)} I'll post your results here.`;
}

function readyHead(contribution: PoolContribution, ready: readonly PoolContribution[], model: string): string {
  const total = ready.reduce((sum, each) => sum + each.records, 0);
  const others = ready.length - 1;
  const from = others === 0 ? "" : ` together with ${others} other submission${others === 1 ? "" : "s"}`;
  return `${model}'s batch minimum is reached: your ${recordsText(contribution.records)} go out${from} as one batch job of ${recordsText(total)}, at the batch price.`;
}

/** The filler's reply when the pool is taken but its job could not be started yet (the sweep retries it). */
export function describeReadyPending(contribution: PoolContribution, ready: readonly PoolContribution[], model: string): string {
  return `${readyHead(contribution, ready, model)} Starting it did not finish just now; I'll retry shortly and confirm here.`;
}

/** Told to each contributor when the deadline passed short of the minimum. */
export function describeExpired(contribution: PoolContribution, pool: WaitPool, action: WaitDeadlineAction): string {
  const head = `Your ${recordsText(contribution.records)} waited ${pool.deadlineHours} h, but ${pool.model}'s batch minimum of ${pool.minRecords.toLocaleString("en-US")} was not reached (${recordsText(pooledRecords(pool))} in all)`;
  if (action === "on_demand") return `${head}: they are running on demand now, at full price.`;
  return `${head}: nothing was run or spent. Submit them again with policy \`on_demand\`, or once you have more records.`;
}
