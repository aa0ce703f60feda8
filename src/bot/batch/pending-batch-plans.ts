/**
 * Plans waiting for their Confirm button, kept where any instance finds them, a restarted bot too: the row in the
 * store (`batch-pending-plans`, by the buttons' id) is the source of truth, the records are held in S3 under
 * `<prefix>runs/pending-<id>/` (`holdPlanRecords`) as a waiting pool holds its own. A plan waits
 * `PENDING_PLAN_TTL_MS`; then Confirm answers that it expired, and the sweep (`expirePendingPlans`) deletes what is
 * left. Confirm, Cancel and expiry all end a plan through `takePendingPlan`, which lets exactly one of them have it.
 */
import type { BatchAwsAccess } from "../../bedrock/batch/run/open-batch-aws-access.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import type { LoadedConfig } from "../../config/index.ts";
import type { BatchConfig } from "../../config/schema.ts";
import type { Logger } from "../../create-logger.ts";
import type { LeaseStore } from "../../store/claim-lease.ts";
import type { KeyvRepository } from "../../store/keyv-repository.ts";
import type { DraftPick } from "./batch-drafts.ts";
import { holdPlanRecords, planFigures, type PlanFigures } from "./plan-from-held-records.ts";
import { deleteHeldRecords, type HeldRecordsPlace } from "./pool-held-records.ts";

export const PENDING_PLANS_NAMESPACE = "batch-pending-plans";

/** How long Confirm stays possible: a day covers "I'll look at it after lunch" without holding records for ever. */
const PENDING_PLAN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Only covers reading and deleting the row (milliseconds); should an instance die holding it, the plan can be
 * confirmed again after this long — nothing was submitted yet.
 */
const TAKE_LEASE_MS = 5 * 60 * 1000;

/** Who asked, where the answer goes, and what follows the submission: a plan's data besides its records. */
interface PlanRequest {
  userId: string;
  guildId?: string;
  channelId: string;
  threadId?: string;
  provider: string;
  /** The interaction's `attachment_size_limit`: what the notice may attach in this channel (see `JobOwner`). */
  uploadLimitBytes?: number;
  /** The draft files the plan was made of (`/batch run`): removed from the draft once it is submitted. */
  fromDraft?: DraftPick;
}

/** A plan about to be submitted, its records at hand. */
export interface PendingBatchPlan extends PlanRequest {
  plan: BatchPlan;
}

/** A plan waiting for Confirm, as stored. */
export interface StoredPendingPlan extends PlanRequest {
  id: string;
  figures: PlanFigures;
  /** Its records are held under `runs/<heldRunId>/`. */
  heldRunId: string;
  createdAt: string;
  expiresAt: string;
}

export interface PendingPlanDeps {
  plans: KeyvRepository<StoredPendingPlan>;
  leases: LeaseStore;
  /** Lease owner. */
  instanceId: string;
  /** Where a provider's held records go. */
  heldPlace(provider: string): HeldRecordsPlace;
  now(): Date;
}

/** The part of the batch runtime pending plans use (the runtime passes itself). */
export interface PendingPlanRuntime extends Pick<BatchAwsAccess, "s3"> {
  pendingPlans: KeyvRepository<StoredPendingPlan>;
  leases: LeaseStore;
  instanceId: string;
  now: () => Date;
}

export function pendingPlanDepsOf(runtime: PendingPlanRuntime, batch: Pick<BatchConfig, "bucket" | "prefix">): PendingPlanDeps {
  const { bucket } = batch;
  if (bucket === undefined) throw new Error("[batch] bucket is required to hold plans waiting for Confirm");
  return {
    plans: runtime.pendingPlans,
    leases: runtime.leases,
    instanceId: runtime.instanceId,
    heldPlace: (provider) => ({ s3: runtime.s3(provider), bucket, prefix: batch.prefix }),
    now: runtime.now,
  };
}

/** Holds the records, then stores the row (so a row always has its records); returns the row. */
export async function storePendingPlan(deps: PendingPlanDeps, id: string, pending: PendingBatchPlan): Promise<StoredPendingPlan> {
  const { plan, ...request } = pending;
  const heldRunId = `pending-${id}`;
  await holdPlanRecords(deps.heldPlace(pending.provider), plan, heldRunId);
  const now = deps.now();
  const stored: StoredPendingPlan = { ...request, id, figures: planFigures(plan), heldRunId, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + PENDING_PLAN_TTL_MS).toISOString() };
  await deps.plans.put(id, stored);
  return stored;
}

export function pendingPlanExpired(stored: Pick<StoredPendingPlan, "expiresAt">, now: Date): boolean {
  return Date.parse(stored.expiresAt) <= now.getTime();
}

/**
 * Ends the plan's wait for whoever calls first: the row, or undefined when another click, instance or the sweep
 * already has it. Keyv has no compare-and-delete, so the atomic step is a lease on the plan's id: its holder reads
 * the row again and deletes it, and only then lets the lease go. A second taker either fails to claim (lease held)
 * or claims after the release and finds no row. The row is deleted BEFORE anything is submitted: an instance dying
 * after that loses the plan (the member submits again) but can never spend twice. The held records stay for the
 * taker to use and then `discardHeldRecords`.
 */
export async function takePendingPlan(deps: PendingPlanDeps, id: string): Promise<StoredPendingPlan | undefined> {
  const lease = `pending-plan:${id}`;
  const claim = await deps.leases.claimLease(lease, deps.instanceId, TAKE_LEASE_MS);
  if (!claim.claimed) return undefined;
  try {
    const stored = await deps.plans.get(id);
    if (stored !== undefined) await deps.plans.delete(id);
    return stored;
  } finally {
    await deps.leases.releaseLease(lease, deps.instanceId);
  }
}

/** Deletes the held records of a taken plan. */
export async function discardHeldRecords(deps: PendingPlanDeps, stored: Pick<StoredPendingPlan, "provider" | "heldRunId">): Promise<void> {
  await deleteHeldRecords(deps.heldPlace(stored.provider), stored.heldRunId);
}

export interface ExpirePendingPlansDeps {
  runtime: PendingPlanRuntime;
  config: LoadedConfig;
  logger: Logger;
}

/**
 * The sweep, meant for the batch watcher's cycle: every plan past its expiry is taken and its held records deleted
 * (Confirm on it then says it is no longer waiting); returns how many. One failure does not stop the rest.
 */
export async function expirePendingPlans(deps: ExpirePendingPlansDeps): Promise<number> {
  const plans = pendingPlanDepsOf(deps.runtime, deps.config.data.batch);
  let expired = 0;
  for (const waiting of await plans.plans.all()) {
    if (!pendingPlanExpired(waiting, plans.now())) continue;
    try {
      const taken = await takePendingPlan(plans, waiting.id);
      if (taken === undefined) continue;
      await discardHeldRecords(plans, taken);
      expired++;
    } catch (error) {
      deps.logger.error({ err: error, plan: waiting.id }, "could not delete an expired batch plan");
    }
  }
  return expired;
}
