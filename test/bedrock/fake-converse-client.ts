/**
 * A `ConverseClient` that answers from a script, in both modes: each scripted turn becomes a Converse response or
 * the equivalent ConverseStream events (text and tool input split into fragments, as Bedrock sends them).
 */
import type { ContentBlock, ConverseRequest, ConverseResponse, ConverseStreamOutput, StopReason } from "@aws-sdk/client-bedrock-runtime";
import type { ModelConfig } from "../../src/config/schema.ts";
import type { ConverseClient } from "../../src/bedrock/converse/converse.ts";

export interface ScriptedTurn {
  text?: string;
  toolUses?: { toolUseId: string; name: string; input: Record<string, unknown> }[];
  stopReason: StopReason;
  usage?: { inputTokens: number; outputTokens: number };
  /** Throw this (as the SDK would) instead of answering; in stream mode after `afterEvents` events. */
  error?: { name: string; message: string; afterEvents?: number };
}

export interface RecordedRequest {
  operation: "Converse" | "ConverseStream";
  input: ConverseRequest;
}

export function fakeConverseClient(turns: ScriptedTurn[]): ConverseClient & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const next = (operation: RecordedRequest["operation"], input: ConverseRequest): ScriptedTurn => {
    requests.push({ operation, input: structuredClone(input) });
    const turn = turns[requests.length - 1];
    if (turn === undefined) throw new Error(`fake: no scripted turn #${requests.length}`);
    return turn;
  };
  return {
    requests,
    converse(input) {
      const turn = next("Converse", input);
      if (turn.error !== undefined) return Promise.reject(sdkError(turn.error.name, turn.error.message));
      return Promise.resolve(toResponse(turn));
    },
    converseStream(input) {
      const turn = next("ConverseStream", input);
      if (turn.error?.afterEvents === undefined && turn.error !== undefined) return Promise.reject(sdkError(turn.error.name, turn.error.message));
      return Promise.resolve({ stream: streamOf(turn) });
    },
  };
}

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, requestId: "req-1", attempts: 1 } });
}

function toResponse(turn: ScriptedTurn): ConverseResponse {
  const content: ContentBlock[] = [
    ...(turn.text === undefined ? [] : [{ text: turn.text }]),
    ...(turn.toolUses ?? []).map((toolUse) => ({ toolUse: { ...toolUse, input: toolUse.input as never } })),
  ];
  return {
    output: { message: { role: "assistant", content } },
    stopReason: turn.stopReason,
    usage: usageOf(turn),
    metrics: { latencyMs: 1 },
  };
}

function toStreamEvents(turn: ScriptedTurn): ConverseStreamOutput[] {
  const events: ConverseStreamOutput[] = [{ messageStart: { role: "assistant" } }];
  let index = 0;
  if (turn.text !== undefined) {
    const half = Math.ceil(turn.text.length / 2);
    for (const text of [turn.text.slice(0, half), turn.text.slice(half)]) events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { text } } });
    events.push({ contentBlockStop: { contentBlockIndex: index } });
    index += 1;
  }
  for (const toolUse of turn.toolUses ?? []) {
    const json = JSON.stringify(toolUse.input);
    const half = Math.ceil(json.length / 2);
    events.push({ contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } } });
    for (const input of [json.slice(0, half), json.slice(half)]) events.push({ contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input } } } });
    events.push({ contentBlockStop: { contentBlockIndex: index } });
    index += 1;
  }
  events.push({ messageStop: { stopReason: turn.stopReason } });
  events.push({ metadata: { usage: usageOf(turn), metrics: { latencyMs: 1 } } });
  return events;
}

async function* streamOf(turn: ScriptedTurn): AsyncGenerator<ConverseStreamOutput> {
  const events = toStreamEvents(turn);
  for (const [index, event] of events.entries()) {
    if (turn.error?.afterEvents === index) throw sdkError(turn.error.name, turn.error.message);
    await Promise.resolve();
    yield event;
  }
}

function usageOf(turn: ScriptedTurn) {
  const { inputTokens, outputTokens } = turn.usage ?? { inputTokens: 10, outputTokens: 5 };
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** A chat model as the config would produce it, priced $3 / $15 per million tokens. */
export function testModel(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    model_identifier: "anthropic.claude-test-v1:0",
    name: "claude",
    api_provider: "aws",
    price_in: 3,
    price_out: 15,
    force_stream_mode: false,
    stream: true,
    kind: "chat",
    ...overrides,
  };
}

/** Drains a generator: every yielded event and its return value. */
export async function collect<E, R>(generator: AsyncGenerator<E, R>): Promise<{ events: E[]; result: R }> {
  const events: E[] = [];
  for (;;) {
    const step = await generator.next();
    if (step.done === true) return { events, result: step.value };
    events.push(step.value);
  }
}
