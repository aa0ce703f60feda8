/**
 * The runtime routes, `POST /model/{modelId}/converse`, `/converse-stream` and `/invoke` (Titan embedding bodies
 * only: what `bedrock-bot search` sends), in the order a real call meets its
 * checks: recorded, authenticated, injected fault, body parsed and validated, then the scripted model answers (after
 * the script's delay), as JSON or as an event stream at the configured pace.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { checkAuthorization } from "./check-authorization.ts";
import type { ConverseRequestBody, ModelReply } from "./converse-wire.ts";
import { encodeEvent, encodeException, metadataEvent, toStreamEvents } from "./encode-stream-events.ts";
import { defaultErrorMessage, sendAwsError, validationError } from "./errors.ts";
import type { AwsError } from "./errors.ts";
import type { FaultQueue } from "./fault-queue.ts";
import type { ScriptQueue } from "./script-queue.ts";
import { runScriptedModel } from "./scripted-model.ts";
import { citationsRequested, citationsUnsupportedMessage, supportsCitations } from "./fake-citations.ts";
import { applyGuardrail, type FakeGuardrails } from "./fake-guardrails.ts";
import type { FakeHttpRequest, FakeHttpResponse } from "./server.ts";
import { toConverseResponse } from "./to-converse-response.ts";
import type { ScriptedReply } from "./scripted-reply.ts";
import type { Pace, RecordedRequest, RuntimeOperation } from "./types.ts";
import { validateConverseRequest } from "./validate-converse-request.ts";
import { checkCachePoints, type FakePromptCache } from "./prompt-cache.ts";
import { chooseServiceTier } from "./service-tier.ts";
import { decodePathSegment, parseJsonBody } from "./wire-text.ts";
import { runTitanMultimodalEmbeddingRecord, runTitanTextEmbeddingRecord } from "./batch/run-native-embedding.ts";
import type { JsonObject } from "./validation-problem.ts";

/** The mutable state behind one fake: what tests queue and what it recorded. */
export interface RuntimeState {
  readonly requests: RecordedRequest[];
  readonly scripts: ScriptQueue;
  readonly faults: FaultQueue;
  readonly guardrails: FakeGuardrails;
  pace: Pace;
  /** Prefixes cached by earlier calls (cachePoint blocks). */
  readonly promptCache: FakePromptCache;
  /** One line per answered call, e.g. for the standalone server's console. */
  log?: (line: string) => void;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;

const OPERATIONS: Record<string, RuntimeOperation> = { converse: "Converse", "converse-stream": "ConverseStream", invoke: "InvokeModel" };

/** Answers the call and returns true when it is a runtime route; false leaves it to the next handler. */
export async function handleRuntimeRequest(state: RuntimeState, request: FakeHttpRequest, response: FakeHttpResponse): Promise<boolean> {
  const match = ROUTE.exec(request.path.split("?")[0] ?? "");
  if (match === null || request.method !== "POST") return false;
  const started = performance.now();
  const requestId = randomUUID();
  const operation: RuntimeOperation = OPERATIONS[match[2] ?? ""] ?? "Converse";
  const modelId = decodePathSegment(match[1] ?? "");
  const text = request.body.toString("utf8");
  const body = parseJsonBody(text);
  const record: RecordedRequest = { operation, modelId, body: body ?? text, headers: request.headers, receivedAt: performance.timeOrigin + started };
  state.requests.push(record);

  const log = (status: number, note = ""): void => state.log?.(`${operation} ${modelId} -> ${status}${note}`);
  const refuse = (error: AwsError): true => {
    sendAwsError(response, error, requestId);
    log(error.status, ` ${error.type}: ${error.message}`);
    return true;
  };

  const authError = checkAuthorization(request.headers);
  if (authError) return refuse(authError);
  const fault = state.faults.take(operation, modelId);
  if (fault) return refuse({ status: fault.status, type: fault.type, message: fault.message ?? defaultErrorMessage(fault.type) });
  if (body === undefined) {
    return refuse({ status: 400, type: "SerializationException", message: "Unable to parse the request body as JSON." });
  }
  if (operation === "InvokeModel") return answerInvokeModel(modelId, body, response, requestId, refuse, log);
  const problem = validateConverseRequest(body);
  if (problem !== undefined) return refuse(validationError(problem));
  const converseBody = body as ConverseRequestBody;
  const cacheProblem = checkCachePoints(modelId, converseBody);
  if (cacheProblem !== undefined) return refuse(cacheProblem);
  const tier = chooseServiceTier(modelId, converseBody);
  if ("error" in tier) return refuse(tier.error);

  if (citationsRequested(converseBody) && !supportsCitations(modelId)) return refuse(validationError(citationsUnsupportedMessage(modelId)));
  const guardrailConfig = converseBody.guardrailConfig;
  const guardrail = guardrailConfig === undefined ? undefined : state.guardrails.find(guardrailConfig);
  if (typeof guardrail === "string") return refuse(validationError(guardrail));
  const scripted = state.scripts.take(modelId);
  const answered = withCacheUse(runScriptedModel(modelId, converseBody, scripted), scripted, state.promptCache.account(modelId, converseBody));
  const reply = guardrail === undefined || guardrailConfig === undefined ? answered : applyGuardrail(answered, guardrail, guardrailConfig, scripted);
  if (tier.tier !== undefined) reply.serviceTier = tier.tier;
  if (!(await pause(scripted?.delayMs, response.signal))) return true;
  const latencyMs = (): number => Math.round(performance.now() - started);
  if (operation === "Converse") {
    response.send(200, { "content-type": "application/json", "x-amzn-requestid": requestId }, JSON.stringify(toConverseResponse(reply, latencyMs())));
  } else {
    await streamReply(response, reply, scripted, state.pace, requestId, latencyMs, record);
  }
  log(200);
  return true;
}

/** InvokeModel with a Titan embedding body: `{embedding, inputTextTokenCount}` as the batch records get it. */
function answerInvokeModel(
  modelId: string,
  body: unknown,
  response: FakeHttpResponse,
  requestId: string,
  refuse: (error: AwsError) => true,
  log: (status: number) => void,
): true {
  const run = modelId.includes("titan-embed-text-v2") ? runTitanTextEmbeddingRecord : modelId.includes("titan-embed-image") ? runTitanMultimodalEmbeddingRecord : undefined;
  if (run === undefined) return refuse(validationError(`The fake answers InvokeModel for Titan embedding models only, not ${modelId}.`));
  if (typeof body !== "object" || body === null || Array.isArray(body)) return refuse(validationError("The request body must be a JSON object."));
  const outcome = run(body as JsonObject);
  if (outcome.kind === "error") return refuse(validationError(outcome.error.errorMessage));
  const headers = { "content-type": "application/json", "x-amzn-requestid": requestId, "x-amzn-bedrock-input-token-count": String(outcome.inputTokens) };
  response.send(200, headers, JSON.stringify(outcome.modelOutput));
  log(200);
  return true;
}

async function streamReply(
  response: FakeHttpResponse,
  reply: ModelReply,
  scripted: ScriptedReply | undefined,
  pace: Pace,
  requestId: string,
  latencyMs: () => number,
  record: RecordedRequest,
): Promise<void> {
  response.open(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": requestId });
  const events = toStreamEvents(reply);
  const total = events.length + 1;
  const streamError = scripted?.streamError;
  let deltasSent = 0;
  for (let index = 0; index <= total; index++) {
    if (streamError !== undefined && index === Math.min(streamError.afterEvents, total)) {
      const { type, message, originalStatusCode, originalMessage } = streamError;
      const original = { ...(originalStatusCode === undefined ? {} : { originalStatusCode }), ...(originalMessage === undefined ? {} : { originalMessage }) };
      response.write(encodeException(type, message ?? defaultErrorMessage(upperFirst(type)), original));
      break;
    }
    if (index === total) break;
    const event = events[index] ?? metadataEvent(reply.usage, latencyMs(), { ...(reply.serviceTier === undefined ? {} : { serviceTier: reply.serviceTier }), ...(reply.trace === undefined ? {} : { trace: reply.trace }) });
    if (scripted?.cutAfterEvents === index) {
      // A dropped connection: what was sent stays sent, the rest never comes (half an event with `midFrame`).
      if (scripted.midFrame === true) response.write(encodeEvent(event).subarray(0, 20));
      break;
    }
    if (event.type === "contentBlockDelta") {
      if (!(await pause(deltasSent === 0 ? pace.firstTokenMs : pace.deltaMs, response.signal))) return;
      deltasSent += 1;
      record.firstDeltaAt ??= performance.timeOrigin + performance.now();
    }
    response.write(encodeEvent(event));
  }
  response.end();
}

/** Bedrock reports input tokens without the cached ones; a scripted usage is taken as given. */
function withCacheUse(reply: ModelReply, scripted: ScriptedReply | undefined, cache: { read: number; write: number }): ModelReply {
  if (scripted?.usage !== undefined || (cache.read === 0 && cache.write === 0)) return reply;
  const inputTokens = Math.max(0, reply.usage.inputTokens - cache.read - cache.write);
  return {
    ...reply,
    usage: { ...reply.usage, inputTokens, cacheReadInputTokens: cache.read, cacheWriteInputTokens: cache.write },
  };
}

/** Waits `ms` (nothing when absent or 0); false when the client went away or the server closed meanwhile. */
async function pause(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (ms === undefined || ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
