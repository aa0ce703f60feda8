import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { applyStreamEvent, INITIAL_STREAM_STATE, parseToolInput, streamedMessage, type StreamState } from "../../../src/bedrock/converse/apply-stream-event.ts";
import type { ConverseEvent } from "../../../src/bedrock/converse/converse-events.ts";
import { readStreamFixture } from "../read-fixture.ts";

function reduce(events: ConverseStreamOutput[]): { state: StreamState; emitted: ConverseEvent[] } {
  let state = INITIAL_STREAM_STATE;
  const emitted: ConverseEvent[] = [];
  for (const event of events) {
    const step = applyStreamEvent(state, event);
    state = step.state;
    emitted.push(...step.events);
  }
  return { state, emitted };
}

describe("applyStreamEvent", () => {
  it("GIVEN the recorded text + fragmented tool call stream WHEN reduced THEN emits the text and ONE parsed tool call with the id from contentBlockStart", () => {
    const { emitted } = reduce(readStreamFixture("converse-stream-tool-use.events.jsonl"));

    expect(emitted).toEqual([
      { type: "text", delta: "Let me work that out." },
      { type: "toolCall", toolUseId: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", name: "calculator", input: { expression: "(17 + 4) * 3" } },
    ]);
  });

  it("GIVEN the recorded stream WHEN reduced THEN the final state holds stop reason, usage and the assistant message to send back", () => {
    const { state } = reduce(readStreamFixture("converse-stream-tool-use.events.jsonl"));

    expect(state.stopReason).toEqual("tool_use");
    expect(state.usage).toEqual({ inputTokens: 402, outputTokens: 61, totalTokens: 463, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    expect(streamedMessage(state)).toEqual({
      message: {
        role: "assistant",
        content: [
          { text: "Let me work that out." },
          { toolUse: { toolUseId: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", name: "calculator", input: { expression: "(17 + 4) * 3" } } },
        ],
      },
      toolCalls: [{ toolUseId: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", name: "calculator", input: { expression: "(17 + 4) * 3" } }],
    });
  });

  it("GIVEN a state WHEN an event is applied THEN the previous state is left unchanged (pure)", () => {
    const before = reduce([{ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hel" } } }]).state;
    const snapshot = structuredClone(before);

    applyStreamEvent(before, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "lo" } } });

    expect(before).toEqual(snapshot);
  });

  it("GIVEN tool input that is not valid JSON WHEN the block stops THEN the call carries invalidInput and an empty object instead of crashing", () => {
    const { emitted, state } = reduce([
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "t1", name: "calculator" } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"expression": "1 +' } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
    ]);

    expect(emitted).toEqual([
      {
        type: "toolCall",
        toolUseId: "t1",
        name: "calculator",
        input: {},
        invalidInput: { raw: '{"expression": "1 +', message: expect.stringContaining("not valid JSON") },
      },
    ]);
    expect(streamedMessage(state).message.content).toEqual([{ toolUse: { toolUseId: "t1", name: "calculator", input: {} } }]);
  });

  it("GIVEN a tool without parameters (no input deltas) WHEN the block stops THEN its input is {}", () => {
    const { emitted } = reduce([
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "t2", name: "current_time" } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
    ]);

    expect(emitted).toEqual([{ type: "toolCall", toolUseId: "t2", name: "current_time", input: {} }]);
  });

  it("GIVEN two tool calls interleaved by index WHEN reduced THEN each input is assembled from its own deltas", () => {
    const { emitted } = reduce([
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "a", name: "calculator" } } } },
      { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "b", name: "current_time" } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"expression":' } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"timezone":"UTC"}' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '"2+2"}' } } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { contentBlockStop: { contentBlockIndex: 0 } },
    ]);

    expect(emitted).toEqual([
      { type: "toolCall", toolUseId: "b", name: "current_time", input: { timezone: "UTC" } },
      { type: "toolCall", toolUseId: "a", name: "calculator", input: { expression: "2+2" } },
    ]);
  });

  it("GIVEN reasoning deltas with a signature WHEN reduced THEN reasoning events are emitted and the signed block is kept for the next turn", () => {
    const { emitted, state } = reduce([
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "Think" } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "ing." } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: "sig" } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "Answer" } } },
    ]);

    expect(emitted).toEqual([
      { type: "reasoning", delta: "Think" },
      { type: "reasoning", delta: "ing." },
      { type: "text", delta: "Answer" },
    ]);
    expect(streamedMessage(state).message.content).toEqual([
      { reasoningContent: { reasoningText: { text: "Thinking.", signature: "sig" } } },
      { text: "Answer" },
    ]);
  });

  it("GIVEN an exception delivered as a stream event WHEN applied THEN the state records the failure", () => {
    const { state } = reduce([
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hi" } } },
      { modelStreamErrorException: { name: "ModelStreamErrorException", message: "model crashed", $fault: "client", $metadata: {} } as never },
    ]);

    expect(state.failure).toEqual({ name: "ModelStreamErrorException", message: "model crashed" });
  });

  it("GIVEN a modelStreamErrorException event with the model's cause WHEN applied THEN originalStatusCode and originalMessage are kept", () => {
    const exception = { name: "ModelStreamErrorException", message: "Model Stream Error", originalStatusCode: 500, originalMessage: "The model stream failed.", $fault: "client", $metadata: {} };
    const { state } = reduce([{ modelStreamErrorException: exception as never }]);

    expect(state.failure).toEqual({ name: "ModelStreamErrorException", message: "Model Stream Error", originalStatusCode: 500, originalMessage: "The model stream failed." });
  });

  it("GIVEN an event type this code does not know WHEN applied THEN it is skipped and named for the log", () => {
    const step = applyStreamEvent(INITIAL_STREAM_STATE, { $unknown: ["futureEvent", {}] });

    expect(step).toEqual({ state: { ...INITIAL_STREAM_STATE, received: true }, events: [], skipped: "stream event futureEvent" });
  });

  it("GIVEN a delta type this code does not know (citation, or newer than the SDK) WHEN applied THEN it is skipped, the text so far kept", () => {
    const text = applyStreamEvent(INITIAL_STREAM_STATE, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hi" } } });
    const step = applyStreamEvent(text.state, { contentBlockDelta: { contentBlockIndex: 0, delta: { $unknown: ["futureDelta", { x: 1 }] } } });

    expect(step.events).toEqual([]);
    expect(step.skipped).toBe("content block delta futureDelta");
    expect(streamedMessage(step.state).message.content).toEqual([{ text: "Hi" }]);
  });
});

describe("parseToolInput", () => {
  it("GIVEN JSON that is not an object WHEN parsed THEN it is invalid input", () => {
    expect(parseToolInput("[1, 2]")).toEqual({ input: {}, invalidInput: { raw: "[1, 2]", message: "the tool input must be a JSON object" } });
  });
});

describe("applyStreamEvent with citations and guardrails", () => {
  it("GIVEN cited text streamed as text deltas then a citation delta WHEN reduced THEN emits the text, then the passage, and sends the text back plainly", () => {
    const { emitted, state } = reduce([
      { messageStart: { role: "assistant" } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Leave is 25 days." } } },
      {
        contentBlockDelta: {
          contentBlockIndex: 0,
          delta: { citation: { title: "handbook", sourceContent: [{ text: "25 days" }], location: { documentPage: { documentIndex: 0, start: 2, end: 2 } } } },
        },
      },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: "end_turn" } },
    ]);

    expect(emitted).toEqual([
      { type: "text", delta: "Leave is 25 days." },
      { type: "citation", passage: { document: "handbook", location: { unit: "page", start: 2, end: 2 }, quote: "25 days" } },
    ]);
    expect(streamedMessage(state).message.content).toEqual([{ text: "Leave is 25 days." }]);
  });

  it("GIVEN a metadata event with a guardrail trace WHEN reduced THEN the state keeps it beside the usage", () => {
    const guardrail = { actionReason: "Guardrail blocked." };
    const { state } = reduce([{ metadata: { usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1 }, metrics: { latencyMs: 1 }, trace: { guardrail } } }]);

    expect(state.guardrailTrace).toEqual(guardrail);
  });
});
