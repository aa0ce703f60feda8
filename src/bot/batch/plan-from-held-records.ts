/**
 * A `BatchPlan` rebuilt from records held in S3 (`holdRecords`) and the plan's stored figures: the plan a member saw
 * under Confirm, submitted by whichever instance gets the button, after a restart too. `holdRecords` puts an id in
 * front of each record id (`<id>-<recordId>`, for pools); it is taken off again so the records are exactly the ones
 * planned, under the same ids as the provenance.
 */
import type { BatchRecord } from "../../bedrock/batch/batch-types.ts";
import type { BatchPlan } from "../../bedrock/batch/run/plan-batch-run.ts";
import type { PlanFigures } from "../../bedrock/batch/run/plan-figures.ts";
import { holdRecords, readHeldRecords, streamHeldRecords, type HeldRecordsPlace } from "./pool-held-records.ts";

/** The id `holdRecords` puts before each record id of a held plan. */
const HELD_PLAN_ID = "plan";

/** Holds the plan's records under `runs/<runId>/`; returns how many. */
export async function holdPlanRecords(place: HeldRecordsPlace, plan: BatchPlan, runId: string): Promise<number> {
  return holdRecords(place, plan, runId, HELD_PLAN_ID);
}

export async function planFromHeldRecords(place: HeldRecordsPlace, runId: string, figures: PlanFigures, model: BatchPlan["model"]): Promise<BatchPlan> {
  const records = (await readHeldRecords(place, runId)).map(unprefixed);
  if (records.length !== figures.counts.records) throw new Error(`held plan ${runId}: ${records.length} records instead of ${figures.counts.records}`);
  return {
    ...figures,
    model,
    provenance: records.map((record) => ({ recordId: record.recordId, provenance: record.provenance })),
    // Read from S3 again rather than held in memory, as `pooledPlan` and `planBatchRun` stream theirs.
    replay: () => streamPlanRecords(place, runId),
  };
}

async function* streamPlanRecords(place: HeldRecordsPlace, runId: string): AsyncGenerator<BatchRecord> {
  for await (const record of streamHeldRecords(place, [{ runId }])) yield unprefixed(record);
}

function unprefixed(record: BatchRecord): BatchRecord {
  const prefix = `${HELD_PLAN_ID}-`;
  if (!record.recordId.startsWith(prefix)) throw new Error(`held record ${record.recordId} is not one of a held plan`);
  return { ...record, recordId: record.recordId.slice(prefix.length) };
}
