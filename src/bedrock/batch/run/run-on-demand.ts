/**
 * The `on_demand` policy: each record through a live Converse call (the same `converse()` as chat), at most
 * `concurrency` at once, answers written as `.jsonl.out` lines with a `manifest.json.out` — the shapes Bedrock writes
 * for a batch job — so the same results code joins them by recordId. Records are streamed: only the calls in flight
 * are held. A refusal that would fail every record (access, credentials, unknown model) stops the run.
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
}

/** Errors no other record would escape: stop instead of failing them one by one. */
const FATAL_KINDS: ReadonlySet<BedrockError["kind"]> = new Set(["access_denied", "credentials", "not_found"]);

export async function runOnDemand(input: RunOnDemandInput): Promise<BatchManifest> {
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
  const limit = pLimit(input.concurrency);
  const running = new Set<Promise<void>>();
  let fatal: Error | undefined;

  const runOne = async (record: BatchRecord): Promise<void> => {
    const line = await answerRecord(input, record, manifest);
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
  return manifest;
}

/** One record -> its output line; per-record failures become error lines, fatal ones are thrown. */
async function answerRecord(input: RunOnDemandInput, record: BatchRecord, manifest: BatchManifest): Promise<string> {
  let turn: ConverseTurn;
  try {
    const request = converseRequestFromRecord(record);
    const events = converse(input.client, { model: input.model, ...request, stream: false });
    let step = await events.next();
    while (step.done !== true) step = await events.next();
    turn = step.value;
  } catch (error) {
    const failure = error instanceof BedrockError ? error : toBedrockError(error, { modelId: input.model.model_identifier, operation: "Converse" });
    if (FATAL_KINDS.has(failure.kind)) throw failure;
    manifest.errorRecordCount++;
    const errorCode = failure.httpStatus ?? failure.awsName;
    return `${JSON.stringify({ recordId: record.recordId, error: { errorCode, errorMessage: failure.awsMessage } })}\n`;
  }
  manifest.successRecordCount++;
  manifest.inputTokenCount += turn.usage.inputTokens;
  manifest.outputTokenCount += turn.usage.outputTokens;
  const modelOutput = {
    output: { message: toWireJson(turn.message) },
    stopReason: turn.stopReason,
    usage: { inputTokens: turn.usage.inputTokens, outputTokens: turn.usage.outputTokens, totalTokens: turn.usage.totalTokens },
  };
  return `${JSON.stringify({ recordId: record.recordId, modelOutput })}\n`;
}
