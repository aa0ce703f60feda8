/**
 * InvokeModel-type records of chat models: the native body is checked for the members each family requires, turned
 * into a Converse body for the scripted model (so echo and scripts behave as on the runtime fake), and the reply is
 * shaped as that family's InvokeModel response (the shapes of each family's InvokeModel API page).
 */
import { createHash } from "node:crypto";
import type { ConverseRequestBody, ModelReply, WireBlock, WireMessage } from "../converse-wire.ts";
import { runScriptedModel } from "../scripted-model.ts";
import type { ScriptedReply } from "../scripted-reply.ts";
import { validateConverseRequest } from "../validate-converse-request.ts";
import { isObject } from "../validation-problem.ts";
import type { JsonObject } from "../validation-problem.ts";
import { malformedInput, recordError } from "./record-outcome.ts";
import type { RecordOutcome } from "./record-outcome.ts";

const ANTHROPIC_KEYS = [
  "anthropic_version", "anthropic_beta", "max_tokens", "system", "messages", "temperature", "top_p", "top_k",
  "stop_sequences", "tools", "tool_choice", "thinking", "metadata",
];
const ANTHROPIC_VERSION = "bedrock-2023-05-31";
/** Claude models from 4.1 on refuse temperature and top_p together. */
const SINGLE_SAMPLING_PARAMETER = /claude-(sonnet|haiku|opus)-4-[1-9]/;

/** Anthropic messages body -> Anthropic messages response. Errors in Anthropic's style ("field: message"). */
export function runAnthropicRecord(modelId: string, body: JsonObject, scripted: ScriptedReply | undefined): RecordOutcome {
  const extra = Object.keys(body).find((key) => !ANTHROPIC_KEYS.includes(key));
  if (extra !== undefined) return recordError(`${extra}: Extra inputs are not permitted`);
  if (body.anthropic_version === undefined) return recordError("anthropic_version: Field required");
  if (body.anthropic_version !== ANTHROPIC_VERSION) return recordError(`anthropic_version: Input should be '${ANTHROPIC_VERSION}'`);
  if (body.max_tokens === undefined) return recordError("max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return recordError("max_tokens: Input should be greater than or equal to 1");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return recordError("messages: Field required");
  if (body.temperature !== undefined && body.top_p !== undefined && SINGLE_SAMPLING_PARAMETER.test(modelId)) {
    return recordError("`temperature` and `top_p` cannot both be specified for this model. Please use only one.");
  }
  const messages: WireMessage[] = [];
  for (const [index, message] of body.messages.entries()) {
    if (!isObject(message) || (message.role !== "user" && message.role !== "assistant")) {
      return recordError(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const content = typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    if (!Array.isArray(content)) return recordError(`messages.${index}.content: Input should be a valid list`);
    messages.push({ role: message.role, content: content.map(anthropicBlock) });
  }
  const system = typeof body.system === "string" ? [{ text: body.system }] : Array.isArray(body.system) ? body.system.map(anthropicBlock) : undefined;
  const converse = { messages, ...(system ? { system } : {}), inferenceConfig: { maxTokens: body.max_tokens as number } };
  const problem = validateConverseRequest(converse);
  if (problem !== undefined) return recordError(problem);
  const reply = runScriptedModel(modelId, converse, scripted);
  return {
    kind: "output",
    modelOutput: {
      id: `msg_bdrk_${digest(modelId, converse).slice(0, 24)}`,
      type: "message",
      role: "assistant",
      model: anthropicModelName(modelId),
      content: reply.content.map((block) => {
        if ("text" in block) return { type: "text", text: block.text };
        if ("toolUse" in block) return { type: "tool_use", id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input };
        if ("citationsContent" in block) return { type: "text", text: block.citationsContent.content.map((part) => part.text).join("") };
        return { type: "thinking", thinking: block.reasoningContent.reasoningText.text, signature: block.reasoningContent.reasoningText.signature };
      }),
      stop_reason: reply.stopReason,
      stop_sequence: null,
      usage: { input_tokens: reply.usage.inputTokens, output_tokens: reply.usage.outputTokens },
    },
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
  };
}

/** An Anthropic content block as a Converse block: text and base64 images map over; anything else becomes its JSON text. */
function anthropicBlock(block: unknown): WireBlock {
  if (isObject(block) && block.type === "text" && typeof block.text === "string") return { text: block.text };
  if (isObject(block) && block.type === "image" && isObject(block.source) && typeof block.source.data === "string") {
    const mediaType = typeof block.source.media_type === "string" ? block.source.media_type : "";
    const format = mediaType.replace(/^image\//, "");
    return { image: { format, source: { bytes: block.source.data } } };
  }
  return { text: JSON.stringify(block) };
}

/** `anthropic.claude-3-5-haiku-20241022-v1:0` -> `claude-3-5-haiku-20241022`, as the response's `model`. */
function anthropicModelName(modelId: string): string {
  const id = modelId.slice(modelId.lastIndexOf("/") + 1);
  return id.replace(/^(.*\.)?anthropic\./, "").replace(/-v\d+(:\d+)?$/, "");
}

const NOVA_KEYS = ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"];

/** Nova `messages-v1` body -> Nova response (the Converse shape without metrics). */
export function runNovaRecord(modelId: string, body: JsonObject, scripted: ScriptedReply | undefined): RecordOutcome {
  const extra = Object.keys(body).find((key) => !NOVA_KEYS.includes(key));
  if (extra !== undefined) return malformedInput(`#: extraneous key [${extra}] is not permitted`);
  if (body.schemaVersion !== undefined && body.schemaVersion !== "messages-v1") {
    return malformedInput(`#/schemaVersion: ${JSON.stringify(body.schemaVersion)} is not a valid enum value`);
  }
  if (body.messages === undefined) return malformedInput("#: required key [messages] not found");
  const inferenceConfig = isObject(body.inferenceConfig) ? novaInferenceConfig(body.inferenceConfig) : undefined;
  const converse = { messages: body.messages, ...(body.system === undefined ? {} : { system: body.system }), ...(inferenceConfig ? { inferenceConfig } : {}) };
  const problem = validateConverseRequest(converse);
  if (problem !== undefined) return recordError(problem);
  const reply = runScriptedModel(modelId, converse as unknown as ConverseRequestBody, scripted);
  return {
    kind: "output",
    modelOutput: { output: { message: { role: "assistant", content: reply.content } }, stopReason: reply.stopReason, usage: reply.usage },
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
  };
}

/** Nova takes topK (and the older `max_new_tokens`) where Converse has neither. */
function novaInferenceConfig(config: JsonObject): JsonObject {
  const { topK: _topK, max_new_tokens: maxNewTokens, ...rest } = config;
  return maxNewTokens === undefined || rest.maxTokens !== undefined ? rest : { ...rest, maxTokens: maxNewTokens };
}

/** Llama `{prompt, max_gen_len}` -> `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
export function runLlamaRecord(modelId: string, body: JsonObject, scripted: ScriptedReply | undefined): RecordOutcome {
  const reply = runPrompt(modelId, body, "max_gen_len", ["prompt", "max_gen_len", "temperature", "top_p", "images"], scripted);
  if ("kind" in reply) return reply;
  return {
    kind: "output",
    modelOutput: {
      generation: replyText(reply),
      prompt_token_count: reply.usage.inputTokens,
      generation_token_count: reply.usage.outputTokens,
      stop_reason: reply.stopReason === "max_tokens" ? "length" : "stop",
    },
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
  };
}

/** Mistral `{prompt: "<s>[INST] ... [/INST]", max_tokens}` -> `{outputs: [{text, stop_reason}]}`. */
export function runMistralRecord(modelId: string, body: JsonObject, scripted: ScriptedReply | undefined): RecordOutcome {
  const reply = runPrompt(modelId, body, "max_tokens", ["prompt", "max_tokens", "temperature", "top_p", "top_k", "stop"], scripted);
  if ("kind" in reply) return reply;
  return {
    kind: "output",
    modelOutput: { outputs: [{ text: replyText(reply), stop_reason: reply.stopReason === "max_tokens" ? "length" : "stop" }] },
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
  };
}

/** A single-prompt body run as one user turn; the prompt's instruction tags are left in the echo. */
function runPrompt(
  modelId: string,
  body: JsonObject,
  maxTokensKey: string,
  allowed: readonly string[],
  scripted: ScriptedReply | undefined,
): ModelReply | RecordOutcome {
  const extra = Object.keys(body).find((key) => !allowed.includes(key));
  if (extra !== undefined) return malformedInput(`#: extraneous key [${extra}] is not permitted`);
  if (typeof body.prompt !== "string" || body.prompt.trim() === "") return malformedInput("#: required key [prompt] not found");
  const maxTokens = body[maxTokensKey];
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    return malformedInput(`#/${maxTokensKey}: ${JSON.stringify(maxTokens)} is not greater or equal to 1`);
  }
  const converse: ConverseRequestBody = {
    messages: [{ role: "user", content: [{ text: body.prompt }] }],
    ...(typeof maxTokens === "number" ? { inferenceConfig: { maxTokens } } : {}),
  };
  return runScriptedModel(modelId, converse, scripted);
}

function replyText(reply: ModelReply): string {
  return reply.content.map((block) => ("text" in block ? block.text : "")).join("");
}

function digest(modelId: string, body: unknown): string {
  return createHash("sha256").update(`${modelId}\n${JSON.stringify(body)}`).digest("hex");
}
