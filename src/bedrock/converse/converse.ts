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
import type { GuardrailConfig, ModelConfig } from "../../config/schema.ts";
import { withDocumentCitations } from "../citations/with-document-citations.ts";
import { summarizeGuardrailTrace } from "../guardrails/summarize-guardrail-trace.ts";
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
  /** A Bedrock guardrail to apply (`guardrailConfig`). */
  guardrail?: Pick<GuardrailConfig, "identifier" | "version" | "trace" | "stream_processing">;
  /** Send document blocks with `citations: { enabled: true }`. */
  citations?: boolean;
  /** Structured output (`outputConfig.textFormat`): batch records of a schema run answered on demand. */
  outputConfig?: OutputConfig;
  abortSignal?: AbortSignal;
}

export function shouldStream(model: Pick<ModelConfig, "stream" | "force_stream_mode">, requested: boolean | undefined): boolean {
  return model.force_stream_mode || (model.stream && requested !== false);
}

/** The Converse request body; ConverseStream adds the guardrail's `streamProcessingMode` (see `converse`). */
export function buildConverseInput(request: TurnRequest): ConverseRequest {
  const { model } = request;
  const inferenceConfig: InferenceConfiguration = {
    ...(model.max_tokens === undefined ? {} : { maxTokens: model.max_tokens }),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...request.inferenceConfig,
  };
  return {
    modelId: model.model_identifier,
    messages: request.citations === true ? withDocumentCitations(request.messages) : request.messages,
    ...(request.system === undefined || request.system.length === 0 ? {} : { system: request.system }),
    ...(Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig }),
    ...(request.toolConfig === undefined ? {} : { toolConfig: request.toolConfig }),
    ...(model.extra_params === undefined ? {} : { additionalModelRequestFields: model.extra_params as ConverseRequest["additionalModelRequestFields"] }),
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
  let result: Omit<ConverseTurn, "stopReason" | "costUsd" | "streamed"> & { rawStopReason: string | undefined; guardrailTrace?: GuardrailTraceAssessment };
  let midStream = false;
  try {
    if (streamed) {
      const response = await client.converseStream(buildConverseStreamInput(request), options);
      if (response.stream === undefined) throw new Error("ConverseStream answered without a stream");
      midStream = true;
      let state = INITIAL_STREAM_STATE;
      for await (const sdkEvent of response.stream) {
        const step = applyStreamEvent(state, sdkEvent);
        state = step.state;
        if (state.failure !== undefined) throw Object.assign(new Error(state.failure.message), { name: state.failure.name });
        yield* step.events;
      }
      result = { ...streamedMessage(state), rawStopReason: state.stopReason, usage: state.usage ?? ZERO_USAGE, guardrailTrace: state.guardrailTrace };
    } else {
      const response = await client.converse(buildConverseInput(request), options);
      const turn = turnFromConverseResponse(response);
      yield* turn.events;
      result = { message: turn.message, toolCalls: turn.toolCalls, rawStopReason: turn.stopReason, usage: turn.usage, guardrailTrace: turn.guardrailTrace };
    }
  } catch (error) {
    throw toBedrockError(error, { ...context, midStream });
  }
  const { stopReason, warning } = mapStopReason(result.rawStopReason);
  const costUsd = costOfUsage(result.usage, request.model);
  const intervened = result.rawStopReason === "guardrail_intervened";
  const policies = summarizeGuardrailTrace(result.guardrailTrace);
  if (intervened || policies.length > 0) {
    yield { type: "guardrail", intervened, policies, ...(result.guardrailTrace === undefined ? {} : { trace: result.guardrailTrace }) };
  }
  yield { type: "usage", costUsd, ...result.usage };
  if (warning !== undefined) yield { type: "warning", message: warning };
  yield { type: "stop", stopReason };
  return { message: result.message, toolCalls: result.toolCalls, stopReason, usage: result.usage, costUsd, streamed };
}
