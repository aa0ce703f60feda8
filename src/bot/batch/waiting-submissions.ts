/**
 * Waiting submissions (policy `wait`) as `/batch status`, `list`, `cancel` and the job-id autocomplete show them
 * beside job rows: found by contribution id across every pool, with what their pool still needs and its deadline.
 * Pure: the pools come from `BatchPoolRepository.all()`.
 */
import type { PoolContribution, PoolDispatch, WaitPool } from "../../store/batch-pool.ts";
import { discordTime } from "../render/discord-time.ts";
import { pooledRecords, recordsText } from "./batch-wait-pool.ts";

/** A contribution still waiting in its pool. */
export interface WaitingSubmission {
  pool: WaitPool;
  contribution: PoolContribution;
  /** Records the pool still needs for its model's batch minimum. */
  needed: number;
}

/** A contribution a dispatch has taken out of its pool: its job is being started, or its deadline passed. */
export interface LeavingSubmission {
  pool: WaitPool;
  contribution: PoolContribution;
  kind: PoolDispatch["kind"];
}

export type FoundSubmission = ({ state: "waiting" } & WaitingSubmission) | ({ state: "leaving" } & LeavingSubmission);

/** Every waiting contribution of every pool, newest first (as `/batch list` shows jobs). */
export function waitingSubmissions(pools: readonly WaitPool[]): WaitingSubmission[] {
  return pools
    .flatMap((pool) => pool.contributions.map((contribution) => ({ pool, contribution, needed: Math.max(0, pool.minRecords - pooledRecords(pool)) })))
    .sort((a, b) => b.contribution.addedAt.localeCompare(a.contribution.addedAt));
}

/** The contribution `id`, waiting or on its way out; undefined when no pool knows it. */
export function findSubmission(pools: readonly WaitPool[], id: string): FoundSubmission | undefined {
  const waiting = waitingSubmissions(pools).find((each) => each.contribution.id === id);
  if (waiting !== undefined) return { state: "waiting", ...waiting };
  for (const pool of pools) {
    for (const dispatch of pool.dispatching ?? []) {
      const contribution = dispatch.contributions.find((each) => each.id === id);
      if (contribution !== undefined) return { state: "leaving", pool, contribution, kind: dispatch.kind };
    }
  }
  return undefined;
}

/** The figures every view shows: "60 records · 40 more needed · deadline <t:…:R>". */
function figures({ pool, contribution, needed }: WaitingSubmission): string {
  const deadline = pool.deadline === undefined ? "" : ` · deadline ${discordTime(pool.deadline, "R")}`;
  return `${recordsText(contribution.records)} · ${needed.toLocaleString("en-US")} more needed${deadline}`;
}

/** One `/batch list` line. */
export function describeWaitingLine(waiting: WaitingSubmission): string {
  return `• \`${waiting.contribution.id}\` · ${waiting.pool.model} · waiting · ${figures(waiting)} · <@${waiting.contribution.owner.userId}>`;
}

/** `/batch status` of a waiting contribution. */
export function describeWaitingStatus(waiting: WaitingSubmission): string {
  return `⏳ \`${waiting.contribution.id}\` is waiting in ${waiting.pool.model}'s pool for its batch minimum of ${waiting.pool.minRecords.toLocaleString("en-US")}: ${figures(waiting)}. \`/batch cancel\` withdraws it; nothing is spent until it goes out.`;
}

/** The job-id autocomplete choice's label. */
export function describeWaitingChoice(waiting: WaitingSubmission): string {
  return `${waiting.contribution.id} · waiting, ${recordsText(waiting.contribution.records)}`;
}

/** `/batch status` of a contribution on its way out, and why `/batch cancel` can no longer withdraw it. */
export function describeLeaving(leaving: Pick<LeavingSubmission, "contribution" | "kind">, cancelling: boolean): string {
  const tail = cancelling ? " and can no longer be withdrawn." : "; you'll be told in its channel.";
  return `\`${leaving.contribution.id}\` ${leavingWhat(leaving.kind)}${tail}`;
}

function leavingWhat(kind: PoolDispatch["kind"]): string {
  switch (kind) {
    case "job":
      return "is already being submitted with its pool as one batch job";
    case "expired":
      return "reached its pool's deadline: it is already being answered or reported";
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown dispatch kind ${String(unexpected)}`);
    }
  }
}

/** The reply to a withdrawal. */
export function describeWithdrawn(contribution: PoolContribution, model: string): string {
  return `⏹️ Withdrew \`${contribution.id}\` from ${model}'s waiting pool: its ${recordsText(contribution.records)} were deleted. Nothing was spent.`;
}

/** When the contribution left its pool between the lookup and the withdrawal, and its dispatch is already done. */
export function describeNoLongerWaiting(id: string): string {
  return `\`${id}\` is no longer waiting: its pool filled or its deadline passed, and you were told in its channel.`;
}
