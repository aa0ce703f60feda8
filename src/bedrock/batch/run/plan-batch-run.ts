/**
 * A batch run planned offline (no AWS call; S3 sources aside): inputs -> records -> jobs and files within the quotas
 * -> the small-batch decision -> estimated cost. Records are streamed twice rather than held: the plan keeps only
 * each record's id, provenance and line size, and `replay()` builds the same records again (same order, same ids,
 * checked) when they are written or sent.
 */
import type { BatchConfig, ModelConfig } from "../../../config/schema.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { BatchRecord, Provenance, SkippedInput } from "../batch-types.ts";
import { DEFAULT_BATCH_INPUT_LIMITS, type BatchInputLimits } from "../inputs/batch-input-limits.ts";
import { expandInputs, type ExpandInputsDeps } from "../inputs/expand-inputs.ts";
import type { InputSource } from "../inputs/input-item.ts";
import { chunkBatchRecords, DEFAULT_CHUNK_LIMITS, type ChunkLimits, type JobChunk } from "../plan/chunk-batch-records.ts";
import { batchCapability, type BatchCapability } from "../records/batch-capability.ts";
import { streamBatchRecords, type BatchRecordCounts, type BatchRecordStream, type BatchRunSettings } from "../records/build-batch-records.ts";
import type { PromptSpec } from "../records/prompt-spec.ts";
import type { OutputSchema } from "../structured/output-schema.ts";
import { unseenSelectedColumns, type ColumnSelection } from "../records/select-input-columns.ts";
import type { ProvenanceRecord } from "../results/provenance-file.ts";
import { decideRunAction, type PlanDecision, type SmallBatchPolicy } from "./decide-run-action.ts";
import { estimateRunCost, type RunCostEstimate } from "./estimate-run-cost.ts";
import { recordLineBytes } from "./format-record-line.ts";

export interface PlanBatchRunInput {
  sources: readonly InputSource[];
  model: ModelConfig;
  promptSpec: PromptSpec;
  settings?: BatchRunSettings;
  /** Which of a data row's own fields the results carry (default: all). */
  columns?: ColumnSelection;
  /** The run's choice; default `[batch] small_batch_policy`. */
  policy?: SmallBatchPolicy;
  batch: Pick<BatchConfig, "small_batch_policy">;
  inputLimits?: BatchInputLimits;
  /** For `s3://` sources. */
  expandDeps?: ExpandInputsDeps;
  /** Byte quotas over the AWS defaults (the record quotas come from the model). */
  chunkLimits?: Partial<Pick<ChunkLimits, "maxFileBytes" | "maxJobBytes">>;
}

/** A contiguous range of the run's records, `[start, end)`, 0-based; `index` is 1-based. */
export interface PlannedFile {
  index: number;
  start: number;
  end: number;
  bytes: number;
}

export interface PlannedJob extends PlannedFile {
  files: PlannedFile[];
}

export interface BatchPlan {
  model: ModelConfig;
  invocationType: BatchCapability["invocationType"];
  minRecords: number;
  maxRecords: number;
  counts: BatchRecordCounts;
  /** Every record's id and provenance, in record order. */
  provenance: ProvenanceRecord[];
  skipped: SkippedInput[];
  /** The batch jobs; empty unless the decision is `batch`. */
  jobs: PlannedJob[];
  decision: PlanDecision;
  estimate: RunCostEstimate;
  /** The JSON Schema the answers must follow: result columns and validation (`output-schema.ts`). */
  outputSchema?: OutputSchema;
  /** The records again, as planned; throws a `UserFacingError` if the inputs changed meanwhile. */
  replay(): AsyncGenerator<BatchRecord>;
}

export async function planBatchRun(input: PlanBatchRunInput): Promise<BatchPlan> {
  const { model } = input;
  const open = (): BatchRecordStream =>
    streamBatchRecords({
      items: expandInputs(input.sources, input.inputLimits ?? DEFAULT_BATCH_INPUT_LIMITS, input.expandDeps),
      promptSpec: input.promptSpec,
      model,
      ...(input.settings === undefined ? {} : { settings: input.settings }),
      ...(input.columns === undefined ? {} : { columns: input.columns }),
    });
  const stream = open();
  const provenance: ProvenanceRecord[] = [];
  const skipped: SkippedInput[] = [];
  const sizes: number[] = [];
  let inputTokens = 0;
  for await (const event of stream.events) {
    if (event.type === "skipped") {
      skipped.push(event.skipped);
      continue;
    }
    const { record } = event;
    provenance.push({ recordId: record.recordId, provenance: record.provenance });
    // Resolved media URIs differ from the placeholders by a few bytes per reference: noise against 1 GB limits.
    sizes.push(recordLineBytes(record));
    inputTokens += record.estimatedInputTokens;
  }
  checkSelectedColumns(input.columns, stream.seenColumns);

  const capability = batchCapability(model);
  const chunks = chunkBatchRecords(sizes, {
    ...DEFAULT_CHUNK_LIMITS,
    ...input.chunkLimits,
    minRecordsPerJob: capability.minRecords,
    maxRecordsPerJob: capability.maxRecords,
    maxRecordsPerFile: capability.maxRecords,
  });
  const decision = decideRunAction({
    records: provenance.length,
    minRecords: capability.minRecords,
    modelName: model.name,
    policy: input.policy ?? input.batch.small_batch_policy,
    chunks,
  });
  const estimate = estimateRunCost({
    records: provenance.length,
    inputTokens,
    maxTokens: input.settings?.maxTokens ?? model.max_tokens,
    model,
    action: decision.action,
  });
  return {
    model,
    invocationType: stream.invocationType,
    minRecords: capability.minRecords,
    maxRecords: capability.maxRecords,
    counts: { ...stream.counts },
    provenance,
    skipped,
    jobs: decision.action === "batch" && chunks.ok ? chunks.jobs.map(toPlannedJob) : [],
    decision,
    estimate,
    ...(input.settings?.outputSchema === undefined ? {} : { outputSchema: input.settings.outputSchema }),
    replay: () => replayRecords(open, provenance),
  };
}

function toPlannedJob(chunk: JobChunk, jobIndex: number): PlannedJob {
  return {
    index: jobIndex + 1,
    start: chunk.start,
    end: chunk.end,
    bytes: chunk.bytes,
    files: chunk.files.map((file, fileIndex) => ({ index: fileIndex + 1, start: file.start, end: file.end, bytes: file.bytes })),
  };
}

/** The planned records, built again; each must be the one the plan recorded at its position. */
async function* replayRecords(open: () => BatchRecordStream, planned: readonly ProvenanceRecord[]): AsyncGenerator<BatchRecord> {
  let position = 0;
  for await (const event of open().events) {
    if (event.type !== "record") continue;
    const expected = planned[position];
    if (expected === undefined || expected.recordId !== event.record.recordId || !sameProvenance(expected.provenance, event.record.provenance)) {
      throw inputsChanged(`record ${position + 1} is not the one planned`);
    }
    position++;
    yield event.record;
  }
  if (position !== planned.length) throw inputsChanged(`${position} records instead of ${planned.length}`);
}

function sameProvenance(a: Provenance, b: Provenance): boolean {
  return a.source === b.source && a.member === b.member && a.row === b.row && a.prompt === b.prompt;
}

/** A kept or dropped column no row has is a typo: refused before anything is sent, with the names the rows do have. */
function checkSelectedColumns(selection: ColumnSelection | undefined, seen: ReadonlySet<string>): void {
  if (selection === undefined || seen.size === 0) return;
  const unseen = unseenSelectedColumns(selection, seen);
  if (unseen.length === 0) return;
  throw new UserFacingError(
    `No input row has the column${unseen.length === 1 ? "" : "s"} ${unseen.map((name) => `"${name}"`).join(", ")} named in keep/drop columns; the rows have: ${[...seen].slice(0, 20).join(", ")}.`,
  );
}

function inputsChanged(detail: string): UserFacingError {
  return new UserFacingError(`The inputs changed after they were planned (${detail}); plan the run again.`);
}
