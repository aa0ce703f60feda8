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
import type { ModelConfig } from "../../config/schema.ts";
import { toBedrockError } from "../errors/to-bedrock-error.ts";
import { costOfUsage } from "../usage/cost-of-usage.ts";
import { ZERO_USAGE } from "../usage/turn-usage.ts";
import { applyStreamEvent, INITIAL_STREAM_STATE, streamedMessage } from "./apply-stream-event.ts";
import type { ConverseEvent, ConverseTurn } from "./converse-events.ts";
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
  /** Ask for streaming (default: the model's `stream`). `force_stream_mode` always streams; `stream = false` on the model refuses. */
  stream?: boolean;
  abortSignal?: AbortSignal;
}

export function shouldStream(model: Pick<ModelConfig, "stream" | "force_stream_mode">, requested: boolean | undefined): boolean {
  return model.force_stream_mode || (model.stream && requested !== false);
}

/** The Converse request body (identical for ConverseStream). */
export function buildConverseInput(request: TurnRequest): ConverseRequest {
  const { model } = request;
  const inferenceConfig: InferenceConfiguration = {
    ...(model.max_tokens === undefined ? {} : { maxTokens: model.max_tokens }),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...request.inferenceConfig,
  };
  return {
    modelId: model.model_identifier,
    messages: request.messages,
    ...(request.system === undefined || request.system.length === 0 ? {} : { system: request.system }),
    ...(Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig }),
    ...(request.toolConfig === undefined ? {} : { toolConfig: request.toolConfig }),
    ...(model.extra_params === undefined ? {} : { additionalModelRequestFields: model.extra_params as ConverseRequest["additionalModelRequestFields"] }),
  };
}

/** Runs one turn; throws a `BedrockError` (also for exceptions that arrive mid-stream). */
export async function* converse(client: ConverseClient, request: TurnRequest): AsyncGenerator<ConverseEvent, ConverseTurn> {
  const input = buildConverseInput(request);
  const streamed = shouldStream(request.model, request.stream);
  const context = { modelId: request.model.model_identifier, operation: streamed ? "ConverseStream" : "Converse" };
  const options = request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal };
  let result: Omit<ConverseTurn, "stopReason" | "costUsd" | "streamed"> & { rawStopReason: string | undefined };
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
      result = { ...streamedMessage(state), rawStopReason: state.stopReason, usage: state.usage ?? ZERO_USAGE };
    } else {
      const response = await client.converse(input, options);
      const turn = turnFromConverseResponse(response);
      yield* turn.events;
      result = { message: turn.message, toolCalls: turn.toolCalls, rawStopReason: turn.stopReason, usage: turn.usage };
    }
  } catch (error) {
    throw toBedrockError(error, { ...context, midStream });
  }
  const { stopReason, warning } = mapStopReason(result.rawStopReason);
  const costUsd = costOfUsage(result.usage, request.model);
  yield { type: "usage", costUsd, ...result.usage };
  if (warning !== undefined) yield { type: "warning", message: warning };
  yield { type: "stop", stopReason };
  return { message: result.message, toolCalls: result.toolCalls, stopReason, usage: result.usage, costUsd, streamed };
}
