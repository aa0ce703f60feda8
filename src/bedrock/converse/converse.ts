/**
 * One model turn through Converse or ConverseStream, seen as ONE event stream (`ConverseEvent`) either way. The
 * generator's return value is the `ConverseTurn` (assistant message, tool calls, usage, cost) the tool loop builds on:
 * `const turn = yield* converse(client, request)`.
 */
import type {
  ConverseRequest,
  ConverseResponse,
  ConverseStreamRequest,
  ConverseStreamResponse,
  GuardrailTraceAssessment,
  InferenceConfiguration,
  Message,
  OutputConfig,
  SystemContentBlock,
  ToolConfiguration,
} from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailConfig, ModelConfig, ServiceTierName } from "../../config/schema.ts";
import { placeCachePoints } from "../cache/place-cache-points.ts";
import { planPromptCache } from "../cache/prompt-cache-support.ts";
import { withDocumentCitations } from "../citations/with-document-citations.ts";
import { summarizeGuardrailTrace } from "../guardrails/summarize-guardrail-trace.ts";
import { toBedrockError } from "../errors/to-bedrock-error.ts";
import { priceUsage } from "../usage/cost-of-usage.ts";
import { applyStreamEvent, INITIAL_STREAM_STATE, streamedMessage, type StreamState } from "./apply-stream-event.ts";
import type { CallUsage, ConverseEvent, ConverseTurn } from "./converse-events.ts";
import { estimateStreamUsage, incompleteStreamError } from "./incomplete-stream.ts";
import { mapStopReason } from "./map-stop-reason.ts";
import { turnFromConverseResponse } from "./turn-from-response.ts";

/** The two runtime calls a turn needs; `createConverseClient` adapts a `BedrockRuntimeClient`, tests pass fakes. */
export interface ConverseClient {
  converse(input: ConverseRequest, options?: { abortSignal?: AbortSignal }): Promise<ConverseResponse>;
  converseStream(input: ConverseStreamRequest, options?: { abortSignal?: AbortSignal }): Promise<ConverseStreamResponse>;
}

export interface TurnRequest {
  model: ModelConfig;
  messages: Message[];
  system?: SystemContentBlock[];
  toolConfig?: ToolConfiguration;
  /** Overrides the model's `max_tokens` / `temperature` defaults field by field. */
  inferenceConfig?: InferenceConfiguration;
  /** The service tier to ask for, over the model's `service_tier` (a channel's `/model tier:`). */
  serviceTier?: ServiceTierName;
  /** Ask for streaming (default: the model's `stream`). `force_stream_mode` always streams; `stream = false` on the model refuses. */
  stream?: boolean;
  /** A Bedrock guardrail to apply (`guardrailConfig`). */
  guardrail?: Pick<GuardrailConfig, "identifier" | "version" | "trace" | "stream_processing">;
  /** Send document blocks with `citations: { enabled: true }`. */
  citations?: boolean;
  /** Structured output (`outputConfig.textFormat`): batch records of a schema run answered on demand. */
  outputConfig?: OutputConfig;
  abortSignal?: AbortSignal;
  /** Told about each content block, delta or stream event this bot does not know and skipped (callers log it). */
  onSkipped?: (what: string) => void;
}

/** The SDK's error for an event-stream body that stops inside a frame: the connection was cut mid-event. */
const TRUNCATED_FRAME = /truncated event message/i;

export function shouldStream(model: Pick<ModelConfig, "stream" | "force_stream_mode">, requested: boolean | undefined): boolean {
  return model.force_stream_mode || (model.stream && requested !== false);
}

/**
 * The Converse request body: the model's defaults, the service tier, cachePoint blocks where the model caches prompts
 * (see `placeCachePoints`), citations on documents, structured output and the guardrail. ConverseStream adds the
 * guardrail's `streamProcessingMode` (see `buildConverseStreamInput`).
 */
export function buildConverseInput(request: TurnRequest): ConverseRequest {
  const { model } = request;
  const inferenceConfig: InferenceConfiguration = {
    ...(model.max_tokens === undefined ? {} : { maxTokens: model.max_tokens }),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...request.inferenceConfig,
  };
  const system = request.system === undefined || request.system.length === 0 ? undefined : request.system;
  const prompt = {
    messages: request.citations === true ? withDocumentCitations(request.messages) : request.messages,
    ...(system === undefined ? {} : { system }),
    ...(request.toolConfig === undefined ? {} : { toolConfig: request.toolConfig }),
  };
  const cache = planPromptCache(model);
  const { checkpoints: _checkpoints, ...cached } = cache.enabled ? placeCachePoints(prompt, { support: cache.support, ...(cache.ttl === undefined ? {} : { ttl: cache.ttl }) }) : { ...prompt, checkpoints: [] };
  const tier = request.serviceTier ?? model.service_tier;
  return {
    modelId: model.model_identifier,
    ...cached,
    ...(Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig }),
    ...(model.extra_params === undefined ? {} : { additionalModelRequestFields: model.extra_params as ConverseRequest["additionalModelRequestFields"] }),
    ...(tier === undefined ? {} : { serviceTier: { type: tier } }),
    ...(request.outputConfig === undefined ? {} : { outputConfig: request.outputConfig }),
    ...(request.guardrail === undefined
      ? {}
      : { guardrailConfig: { guardrailIdentifier: request.guardrail.identifier, guardrailVersion: request.guardrail.version, trace: request.guardrail.trace } }),
  };
}

/** ConverseStream's body: Converse's, with the guardrail's stream processing mode. */
export function buildConverseStreamInput(request: TurnRequest): ConverseStreamRequest {
  const { guardrailConfig, ...input } = buildConverseInput(request);
  if (guardrailConfig === undefined || request.guardrail === undefined) return input;
  return { ...input, guardrailConfig: { ...guardrailConfig, streamProcessingMode: request.guardrail.stream_processing } };
}

/** Runs one turn; throws a `BedrockError` (also for exceptions that arrive mid-stream). */
export async function* converse(client: ConverseClient, request: TurnRequest): AsyncGenerator<ConverseEvent, ConverseTurn> {
  const streamed = shouldStream(request.model, request.stream);
  const context = { modelId: request.model.model_identifier, operation: streamed ? "ConverseStream" : "Converse" };
  const options = request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal };
  let result: Omit<ConverseTurn, "stopReason" | "costUsd" | "costKnown" | "streamed"> & { rawStopReason: string | undefined; serviceTier?: string; guardrailTrace?: GuardrailTraceAssessment };
  let midStream = false;
  const warnings: string[] = [];
  let estimated = false;
  try {
    if (streamed) {
      const response = await client.converseStream(buildConverseStreamInput(request), options);
      if (response.stream === undefined) throw new Error("ConverseStream answered without a stream");
      let state: StreamState = INITIAL_STREAM_STATE;
      let cut: unknown;
      try {
        for await (const sdkEvent of response.stream) {
          const step = applyStreamEvent(state, sdkEvent);
          state = step.state;
          // "Mid-stream" only once something arrived: an exception as the very first frame is a plain refusal.
          midStream = state.received === true;
          if (step.skipped !== undefined) request.onSkipped?.(step.skipped);
          if (state.failure !== undefined) throw Object.assign(new Error(state.failure.message), state.failure);
          yield* step.events;
        }
      } catch (error) {
        if (!(error instanceof Error && TRUNCATED_FRAME.test(error.message))) throw error;
        cut = error;
      }
      if (cut !== undefined || state.stopReason === undefined) {
        // The model ran (and is billed) but the end never came: an error, with its tokens estimated, never $0.
        const call = callUsage(estimateStreamUsage(buildConverseInput(request), state), request.model, state.serviceTier);
        yield { type: "usage", estimated: true, ...call };
        throw incompleteStreamError({ modelId: context.modelId, cause: cut, usage: call, costUsd: call.costUsd });
      }
      let usage = state.usage;
      if (usage === undefined) {
        usage = estimateStreamUsage(buildConverseInput(request), state);
        estimated = true;
        warnings.push("Bedrock sent no token counts for this answer; its tokens and cost are estimated.");
      }
      result = { ...streamedMessage(state), rawStopReason: state.stopReason, usage, ...(state.serviceTier === undefined ? {} : { serviceTier: state.serviceTier }), guardrailTrace: state.guardrailTrace };
    } else {
      const response = await client.converse(buildConverseInput(request), options);
      const turn = turnFromConverseResponse(response);
      for (const what of turn.skipped) request.onSkipped?.(what);
      yield* turn.events;
      result = { message: turn.message, toolCalls: turn.toolCalls, rawStopReason: turn.stopReason, usage: turn.usage, ...(turn.serviceTier === undefined ? {} : { serviceTier: turn.serviceTier }), guardrailTrace: turn.guardrailTrace };
    }
  } catch (error) {
    throw toBedrockError(error, { ...context, midStream });
  }
  const { stopReason, warning } = mapStopReason(result.rawStopReason);
  const intervened = result.rawStopReason === "guardrail_intervened";
  const policies = summarizeGuardrailTrace(result.guardrailTrace);
  if (intervened || policies.length > 0) {
    yield { type: "guardrail", intervened, policies, ...(result.guardrailTrace === undefined ? {} : { trace: result.guardrailTrace }) };
  }
  // A "1h" cache on a model without it still caches for 5 minutes; the user should know the setting did not apply.
  const cachePlan = planPromptCache(request.model);
  if (cachePlan.enabled && cachePlan.warning !== undefined) warnings.push(cachePlan.warning);
  const call = callUsage(result.usage, request.model, result.serviceTier);
  yield { type: "usage", ...call, ...(estimated ? { estimated } : {}) };
  for (const message of [...warnings, ...(warning === undefined ? [] : [warning])]) yield { type: "warning", message };
  yield { type: "stop", stopReason };
  const { message, toolCalls, usage, serviceTier } = result;
  return { message, toolCalls, stopReason, usage, costUsd: call.costUsd, costKnown: call.costKnown, ...(serviceTier === undefined ? {} : { serviceTier }), streamed };
}

function callUsage(usage: ConverseTurn["usage"], model: ModelConfig, serviceTier: string | undefined): CallUsage {
  const cost = priceUsage(usage, model, serviceTier === undefined ? {} : { tier: serviceTier });
  return { ...usage, costUsd: cost.usd, costKnown: cost.known, cacheSavedUsd: cost.cacheSavedUsd, ...(serviceTier === undefined ? {} : { serviceTier }) };
}
