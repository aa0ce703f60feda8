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
  InferenceConfiguration,
  Message,
  SystemContentBlock,
  ToolConfiguration,
} from "@aws-sdk/client-bedrock-runtime";
import type { ModelConfig, ServiceTierName } from "../../config/schema.ts";
import { placeCachePoints } from "../cache/place-cache-points.ts";
import { planPromptCache } from "../cache/prompt-cache-support.ts";
import { toBedrockError } from "../errors/to-bedrock-error.ts";
import { priceUsage } from "../usage/cost-of-usage.ts";
import { ZERO_USAGE } from "../usage/turn-usage.ts";
import { applyStreamEvent, INITIAL_STREAM_STATE, streamedMessage } from "./apply-stream-event.ts";
import type { CallUsage, ConverseEvent, ConverseTurn } from "./converse-events.ts";
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
  abortSignal?: AbortSignal;
}

export function shouldStream(model: Pick<ModelConfig, "stream" | "force_stream_mode">, requested: boolean | undefined): boolean {
  return model.force_stream_mode || (model.stream && requested !== false);
}

/**
 * The Converse request body (identical for ConverseStream): the model's defaults, the service tier, and cachePoint
 * blocks where the model caches prompts (see `placeCachePoints`).
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
    messages: request.messages,
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
  };
}

/** Runs one turn; throws a `BedrockError` (also for exceptions that arrive mid-stream). */
export async function* converse(client: ConverseClient, request: TurnRequest): AsyncGenerator<ConverseEvent, ConverseTurn> {
  const input = buildConverseInput(request);
  const streamed = shouldStream(request.model, request.stream);
  const context = { modelId: request.model.model_identifier, operation: streamed ? "ConverseStream" : "Converse" };
  const options = request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal };
  let result: Omit<ConverseTurn, "stopReason" | "costUsd" | "costKnown" | "streamed"> & { rawStopReason: string | undefined; serviceTier?: string };
  let midStream = false;
  try {
    if (streamed) {
      const response = await client.converseStream(input, options);
      if (response.stream === undefined) throw new Error("ConverseStream answered without a stream");
      midStream = true;
      let state = INITIAL_STREAM_STATE;
      for await (const sdkEvent of response.stream) {
        const step = applyStreamEvent(state, sdkEvent);
        state = step.state;
        if (state.failure !== undefined) throw Object.assign(new Error(state.failure.message), { name: state.failure.name });
        yield* step.events;
      }
      result = { ...streamedMessage(state), rawStopReason: state.stopReason, usage: state.usage ?? ZERO_USAGE, ...(state.serviceTier === undefined ? {} : { serviceTier: state.serviceTier }) };
    } else {
      const response = await client.converse(input, options);
      const turn = turnFromConverseResponse(response);
      yield* turn.events;
      result = { message: turn.message, toolCalls: turn.toolCalls, rawStopReason: turn.stopReason, usage: turn.usage, ...(turn.serviceTier === undefined ? {} : { serviceTier: turn.serviceTier }) };
    }
  } catch (error) {
    throw toBedrockError(error, { ...context, midStream });
  }
  const { stopReason, warning } = mapStopReason(result.rawStopReason);
  // A "1h" cache on a model without it still caches for 5 minutes; the user should know the setting did not apply.
  const cacheWarning = planPromptCache(request.model);
  if (cacheWarning.enabled && cacheWarning.warning !== undefined) yield { type: "warning", message: cacheWarning.warning };
  const call = callUsage(result.usage, request.model, result.serviceTier);
  yield { type: "usage", ...call };
  if (warning !== undefined) yield { type: "warning", message: warning };
  yield { type: "stop", stopReason };
  const { message, toolCalls, usage, serviceTier } = result;
  return { message, toolCalls, stopReason, usage, costUsd: call.costUsd, costKnown: call.costKnown, ...(serviceTier === undefined ? {} : { serviceTier }), streamed };
}

function callUsage(usage: ConverseTurn["usage"], model: ModelConfig, serviceTier: string | undefined): CallUsage {
  const cost = priceUsage(usage, model, serviceTier === undefined ? {} : { tier: serviceTier });
  return { ...usage, costUsd: cost.usd, costKnown: cost.known, cacheSavedUsd: cost.cacheSavedUsd, ...(serviceTier === undefined ? {} : { serviceTier }) };
}
