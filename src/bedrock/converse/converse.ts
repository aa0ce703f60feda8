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
import { applyStreamEvent, INITIAL_STREAM_STATE, streamedMessage, type StreamState } from "./apply-stream-event.ts";
import type { ConverseEvent, ConverseTurn } from "./converse-events.ts";
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
  /** Ask for streaming (default: the model's `stream`). `force_stream_mode` always streams; `stream = false` on the model refuses. */
  stream?: boolean;
  abortSignal?: AbortSignal;
  /** Told about each content block, delta or stream event this bot does not know and skipped (callers log it). */
  onSkipped?: (what: string) => void;
}

/** The SDK's error for an event-stream body that stops inside a frame: the connection was cut mid-event. */
const TRUNCATED_FRAME = /truncated event message/i;

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
  const warnings: string[] = [];
  try {
    if (streamed) {
      const response = await client.converseStream(input, options);
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
        const usage = estimateStreamUsage(input, state);
        const costUsd = costOfUsage(usage, request.model);
        yield { type: "usage", costUsd, estimated: true, ...usage };
        throw incompleteStreamError({ modelId: context.modelId, cause: cut, usage, costUsd });
      }
      let usage = state.usage;
      if (usage === undefined) {
        usage = estimateStreamUsage(input, state);
        warnings.push("Bedrock sent no token counts for this answer; its tokens and cost are estimated.");
      }
      result = { ...streamedMessage(state), rawStopReason: state.stopReason, usage };
    } else {
      const response = await client.converse(input, options);
      const turn = turnFromConverseResponse(response);
      for (const what of turn.skipped) request.onSkipped?.(what);
      yield* turn.events;
      result = { message: turn.message, toolCalls: turn.toolCalls, rawStopReason: turn.stopReason, usage: turn.usage };
    }
  } catch (error) {
    throw toBedrockError(error, { ...context, midStream });
  }
  const { stopReason, warning } = mapStopReason(result.rawStopReason);
  const costUsd = costOfUsage(result.usage, request.model);
  yield { type: "usage", costUsd, ...result.usage, ...(warnings.length > 0 ? { estimated: true } : {}) };
  for (const message of [...warnings, ...(warning === undefined ? [] : [warning])]) yield { type: "warning", message };
  yield { type: "stop", stopReason };
  return { message: result.message, toolCalls: result.toolCalls, stopReason, usage: result.usage, costUsd, streamed };
}
