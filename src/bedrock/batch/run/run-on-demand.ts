/**
 * The `on_demand` policy: each record through a live Converse call (the same `converse()` as chat), at most
 * `concurrency` at once, answers written as `.jsonl.out` lines with a `manifest.json.out` — the shapes Bedrock writes
 * for a batch job — so the same results code joins them by recordId. Records are streamed: only the calls in flight
 * are held. A refusal that would fail every record (access, credentials, unknown model) stops the run.
 *
 * These runs are not urgent, so with `serviceTier: "flex"` (`[batch] on_demand_tier`) they ask for Bedrock's cheaper
 * flex tier. Not every model serves it: the first refusal (a ValidationException about the tier) switches the rest of
 * the run to the model's own tier, the refused record is asked again there, and the outcome carries a note.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import type { ModelConfig } from "../../../config/schema.ts";
import { converse, type ConverseClient } from "../../converse/converse.ts";
import type { ConverseTurn } from "../../converse/converse-events.ts";
import { BedrockError } from "../../errors/bedrock-error.ts";
import { toBedrockError } from "../../errors/to-bedrock-error.ts";
import type { BatchRecord } from "../batch-types.ts";
import { toWireJson } from "../records/to-wire-json.ts";
import { MANIFEST_FILE_NAME } from "../results/batch-output-source.ts";
import type { BatchManifest } from "../results/result-types.ts";
import { converseRequestFromRecord } from "./record-to-converse-request.ts";

/** Name of the output file, as Bedrock names outputs after their input file. */
export const ON_DEMAND_OUTPUT_FILE = "on-demand.jsonl.out";

export interface RunOnDemandInput {
  records: AsyncIterable<BatchRecord>;
  /** Planned record count, for the manifest and progress. */
  total: number;
  model: ModelConfig;
  client: ConverseClient;
  /** `[batch] on_demand_concurrency`. */
  concurrency: number;
  /** Directory for the output file and manifest (created if needed). */
  outputDir: string;
  onProgress?: (done: number, total: number) => void;
  /** `[batch] on_demand_tier`: "flex" asks for the flex tier; "default" leaves the model's own tier. */
  serviceTier?: "flex" | "default";
}

export interface OnDemandOutcome {
  manifest: BatchManifest;
  /** Summed over the calls at the prices of the tier each was served on. */
  costUsd: number;
  /** False when a call ran on a tier without configured prices (then `costUsd` is at standard prices). */
  costKnown: boolean;
  /** Tiers Bedrock said served the calls ("flex", "default", ...), without duplicates. */
  serviceTiers: string[];
  /** Sentences for the user (the flex tier refused, ...). */
  notes: string[];
}

/** What the run learnt while it ran, shared by its concurrent calls. */
interface RunState {
  /** The tier to ask for; set to undefined once the model refused flex. */
  tier: "flex" | undefined;
  costUsd: number;
  costKnown: boolean;
  serviceTiers: Set<string>;
  notes: string[];
  /** The first flex call, which the others wait for: one refusal, not one per call in flight. */
  probe?: Promise<void>;
}

/** Errors no other record would escape: stop instead of failing them one by one. */
const FATAL_KINDS: ReadonlySet<BedrockError["kind"]> = new Set(["access_denied", "credentials", "not_found"]);

export async function runOnDemand(input: RunOnDemandInput): Promise<OnDemandOutcome> {
  await mkdir(input.outputDir, { recursive: true });
  const out = createWriteStream(join(input.outputDir, ON_DEMAND_OUTPUT_FILE));
  const manifest: BatchManifest = {
    totalRecordCount: input.total,
    processedRecordCount: 0,
    successRecordCount: 0,
    errorRecordCount: 0,
    inputTokenCount: 0,
    outputTokenCount: 0,
  };
  const state: RunState = { tier: input.serviceTier === "flex" ? "flex" : undefined, costUsd: 0, costKnown: true, serviceTiers: new Set(), notes: [] };
  const limit = pLimit(input.concurrency);
  const running = new Set<Promise<void>>();
  let fatal: Error | undefined;

  const runOne = async (record: BatchRecord): Promise<void> => {
    const line = await answerRecord(input, record, manifest, state);
    if (!out.write(line)) await once(out, "drain");
    manifest.processedRecordCount++;
    input.onProgress?.(manifest.processedRecordCount, input.total);
  };
  try {
    for await (const record of input.records) {
      if (fatal !== undefined) break;
      const task = limit(runOne, record).catch((error: unknown) => {
        fatal ??= error instanceof Error ? error : new Error(String(error));
      });
      running.add(task);
      void task.finally(() => running.delete(task));
      // Read ahead no further than the calls that can run: records (base64 media) stay out of memory.
      if (running.size >= input.concurrency) await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    out.end();
    await once(out, "close");
  }
  if (fatal !== undefined) throw fatal;
  await writeFile(join(input.outputDir, MANIFEST_FILE_NAME), `${JSON.stringify(manifest)}\n`);
  return { manifest, costUsd: state.costUsd, costKnown: state.costKnown, serviceTiers: [...state.serviceTiers], notes: state.notes };
}

/** One record's call; while the flex tier is untried, the first call tries it alone and the others wait for it. */
async function callModel(input: RunOnDemandInput, record: BatchRecord, state: RunState): Promise<ConverseTurn> {
  if (state.probe !== undefined) await state.probe;
  if (state.tier === undefined || state.probe !== undefined) return callAtTier(input, record, state);
  let settled = (): void => {};
  state.probe = new Promise((resolve) => (settled = resolve));
  try {
    return await callAtTier(input, record, state);
  } finally {
    settled();
  }
}

/** One Converse call at the run's tier; a refusal of the flex tier moves the run to the model's own tier, once. */
async function callAtTier(input: RunOnDemandInput, record: BatchRecord, state: RunState): Promise<ConverseTurn> {
  const request = converseRequestFromRecord(record);
  const asked = state.tier;
  try {
    const events = converse(input.client, { model: input.model, ...request, stream: false, ...(asked === undefined ? {} : { serviceTier: asked }) });
    let step = await events.next();
    while (step.done !== true) step = await events.next();
    return step.value;
  } catch (error) {
    if (asked === undefined || !isTierRefusal(error)) throw error;
    if (state.tier !== undefined) {
      state.tier = undefined;
      state.notes.push(`${input.model.name} does not serve the flex tier (Bedrock: "${error.awsMessage}"), so these records were answered at its usual tier.`);
    }
    return callAtTier(input, record, state);
  }
}

/** Bedrock refuses a tier a model does not serve with a ValidationException naming the tier. */
function isTierRefusal(error: unknown): error is BedrockError {
  return error instanceof BedrockError && error.awsName === "ValidationException" && /tier/i.test(error.awsMessage);
}

/** One record -> its output line; per-record failures become error lines, fatal ones are thrown. */
async function answerRecord(input: RunOnDemandInput, record: BatchRecord, manifest: BatchManifest, state: RunState): Promise<string> {
  let turn: ConverseTurn;
  try {
    turn = await callModel(input, record, state);
  } catch (error) {
    const failure = error instanceof BedrockError ? error : toBedrockError(error, { modelId: input.model.model_identifier, operation: "Converse" });
    if (FATAL_KINDS.has(failure.kind)) throw failure;
    manifest.errorRecordCount++;
    const errorCode = failure.httpStatus ?? failure.awsName;
    return `${JSON.stringify({ recordId: record.recordId, error: { errorCode, errorMessage: failure.awsMessage } })}\n`;
  }
  const { usage } = turn;
  manifest.successRecordCount++;
  // Every input token, cached ones included: what the job's manifest would count.
  manifest.inputTokenCount += usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  manifest.outputTokenCount += usage.outputTokens;
  state.costUsd += turn.costUsd;
  state.costKnown &&= turn.costKnown;
  if (turn.serviceTier !== undefined) state.serviceTiers.add(turn.serviceTier);
  const cache = usage.cacheReadInputTokens + usage.cacheWriteInputTokens === 0 ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens, cacheWriteInputTokens: usage.cacheWriteInputTokens };
  const modelOutput = {
    output: { message: toWireJson(turn.message) },
    stopReason: turn.stopReason,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens, ...cache },
  };
  return `${JSON.stringify({ recordId: record.recordId, modelOutput })}\n`;
}
