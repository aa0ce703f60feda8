/**
 * A `/batch submit` or `/batch run` plan becomes a `planned` submission: its records are held in S3 under
 * `<prefix>runs/pending-<id>/` (the attachments' CDN links expire, the bot may restart), and the submission row keeps
 * what the member saw (`PlanFigures`) and where to answer. From there the lifecycle takes it: Confirm, Cancel, the
 * expiry after `PLAN_TTL_MS`, on any instance and after a restart (`submission-machine.ts`).
 */
import type { JobOwner } from "../../store/job-owner.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import { planFigures } from "../../bedrock/batch/run/plan-figures.ts";
import type { BatchConfig } from "../../config/schema.ts";
import type { DraftPick } from "./batch-drafts.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";
import { holdPlanRecords } from "./plan-from-held-records.ts";
import type { HeldRecordsPlace } from "./pool-held-records.ts";

/** How long Confirm stays possible: a day covers "I'll look at it after lunch" without holding records for ever. */
const PLAN_TTL_MS = 24 * 60 * 60 * 1000;

/** Who asked and where the answer goes: a plan's data besides its records. */
export interface PlanRequest {
  owner: JobOwner;
  provider: string;
  /** The draft files the plan was made of (`/batch run`): removed from the draft once it is submitted. */
  fromDraft?: DraftPick;
}

/** Where the records of a provider's plans and pools are held. */
export function heldPlaceOf(runtime: Pick<BatchRuntime, "s3">, batch: Pick<BatchConfig, "bucket" | "prefix">, provider: string): HeldRecordsPlace {
  const { bucket } = batch;
  if (bucket === undefined) throw new Error("[batch] bucket is required to hold a plan's records");
  return { s3: runtime.s3(provider), bucket, prefix: batch.prefix };
}

/** Holds the records, then stores the planned submission (so a row always has its records); returns it. */
export async function planSubmission(place: HeldRecordsPlace, id: string, plan: BatchPlan, request: PlanRequest, now: Date): Promise<Submission> {
  const heldRunId = `pending-${id}`;
  await holdPlanRecords(place, plan, heldRunId);
  const at = now.toISOString();
  return {
    id,
    origin: request.fromDraft === undefined ? "command" : "draft",
    state: "planned",
    owner: request.owner,
    model: plan.model.name,
    provider: request.provider,
    records: plan.counts.records,
    estimateUsd: plan.estimate.chosenUsd,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
    heldRunId,
    figures: planFigures(plan),
    ...(request.fromDraft === undefined ? {} : { fromDraft: request.fromDraft }),
    pending: [],
    history: [],
  };
}
