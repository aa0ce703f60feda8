/**
 * One record of a running job -> its output line's content. Checks that hold for every model come first (no `modelId`
 * inside modelInput, S3 media the model can read and that exists), then the body of the job's invocation type:
 * Converse-type records are Converse request bodies (validated like a Converse call; tool configs refused), and
 * InvokeModel-type records are the model family's native body.
 */
import type { ConverseRequestBody } from "../converse-wire.ts";
import { runScriptedModel } from "../scripted-model.ts";
import { toConverseResponse } from "../to-converse-response.ts";
import type { ScriptedReply } from "../scripted-reply.ts";
import { validateConverseRequest } from "../validate-converse-request.ts";
import type { JsonObject } from "../validation-problem.ts";
import type { BatchModel } from "./batch-models.ts";
import { recordError } from "./record-outcome.ts";
import type { RecordOutcome } from "./record-outcome.ts";
import { runAnthropicRecord, runLlamaRecord, runMistralRecord, runNovaRecord } from "./run-native-chat.ts";
import { runTitanMultimodalEmbeddingRecord, runTitanTextEmbeddingRecord } from "./run-native-embedding.ts";

export interface RecordRun {
  modelId: string;
  model: BatchModel;
  invocationType: "InvokeModel" | "Converse";
  modelInput: JsonObject;
  /** `s3Location` URIs the record references (found during validation). */
  media: readonly string[];
  mediaExists: (uri: string) => boolean;
  scripted?: ScriptedReply;
}

/** Fake latency in a Converse-type modelOutput: fixed per output token, so outputs are reproducible. */
const LATENCY_MS_PER_OUTPUT_TOKEN = 20;

export function runBatchRecord(run: RecordRun): RecordOutcome {
  const { modelId, model, modelInput, scripted } = run;
  // The job's modelId picks the model; a record can't (the service answers in pydantic's words).
  if ("modelId" in modelInput) return recordError("modelId: Extra inputs are not permitted");
  if (run.media.length > 0 && !model.s3Media) {
    return recordError(`The model ${modelId} does not accept S3 locations as a media source. Include the content as base64 bytes instead.`);
  }
  const missing = run.media.find((uri) => !run.mediaExists(uri));
  if (missing !== undefined) return recordError(`The S3 object ${missing} referenced in the record does not exist.`);
  if (run.invocationType === "Converse") return runConverseRecord(modelId, modelInput, scripted);
  switch (model.nativeBody) {
    case "anthropic-messages":
      return runAnthropicRecord(modelId, modelInput, scripted);
    case "nova-messages-v1":
      return runNovaRecord(modelId, modelInput, scripted);
    case "llama-prompt":
      return runLlamaRecord(modelId, modelInput, scripted);
    case "mistral-prompt":
      return runMistralRecord(modelId, modelInput, scripted);
    case "titan-embed-text-v2":
      return runTitanTextEmbeddingRecord(modelInput);
    case "titan-embed-image-v1":
      return runTitanMultimodalEmbeddingRecord(modelInput);
    default: {
      const unknown: never = model.nativeBody;
      throw new Error(`no native body runner for ${String(unknown)}`);
    }
  }
}

function runConverseRecord(modelId: string, modelInput: JsonObject, scripted: ScriptedReply | undefined): RecordOutcome {
  // CreateModelInvocationJob: tool configs are rejected in Converse-type batch jobs.
  if ("toolConfig" in modelInput) return recordError("toolConfig is not supported in batch inference jobs with modelInvocationType Converse.");
  const problem = validateConverseRequest(modelInput);
  if (problem !== undefined) return recordError(problem);
  const reply = runScriptedModel(modelId, modelInput as unknown as ConverseRequestBody, scripted);
  return {
    kind: "output",
    modelOutput: toConverseResponse(reply, reply.usage.outputTokens * LATENCY_MS_PER_OUTPUT_TOKEN),
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
  };
}
