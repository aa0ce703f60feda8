import { describe, expect, it } from "vitest";
import type { ContentBlock, ConverseResponse } from "@aws-sdk/client-bedrock-runtime";
import { buildConverseInput, buildConverseStreamInput, converse, shouldStream } from "../../../src/bedrock/converse/converse.ts";
import { BedrockError } from "../../../src/bedrock/errors/bedrock-error.ts";
import { collect, fakeConverseClient, testModel } from "../fake-converse-client.ts";

const hello = [{ role: "user" as const, content: [{ text: "Hi" }] }];

describe("shouldStream", () => {
  it.each([
    { stream: true, force: false, requested: undefined, expected: true },
    { stream: true, force: false, requested: false, expected: false },
    { stream: false, force: false, requested: true, expected: false },
    { stream: false, force: true, requested: false, expected: true },
    { stream: true, force: true, requested: undefined, expected: true },
  ])("GIVEN model stream=$stream force=$force WHEN requested=$requested THEN streams=$expected", ({ stream, force, requested, expected }) => {
    expect(shouldStream({ stream, force_stream_mode: force }, requested)).toEqual(expected);
  });
});

describe("buildConverseInput", () => {
  it("GIVEN model defaults and a per-request override WHEN built THEN the override wins field by field and extra_params become additionalModelRequestFields", () => {
    const model = testModel({ max_tokens: 1000, temperature: 0.2, extra_params: { thinking: { type: "enabled", budget_tokens: 1024 } } });

    const input = buildConverseInput({ model, messages: hello, system: [{ text: "Be brief." }], inferenceConfig: { temperature: 1 } });

    expect(input).toEqual({
      modelId: "anthropic.claude-test-v1:0",
      messages: hello,
      system: [{ text: "Be brief." }],
      inferenceConfig: { maxTokens: 1000, temperature: 1 },
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
    });
  });

  it("GIVEN no defaults WHEN built THEN no empty inferenceConfig or system is sent", () => {
    expect(buildConverseInput({ model: testModel(), messages: hello, system: [] })).toEqual({ modelId: "anthropic.claude-test-v1:0", messages: hello });
  });
});

describe("converse", () => {
  const turn = { text: "Hello there", stopReason: "end_turn" as const, usage: { inputTokens: 1000, outputTokens: 200 } };

  it.each([true, false])("GIVEN stream=%s WHEN a plain answer comes back THEN the events differ only in how the text is split", async (stream) => {
    const client = fakeConverseClient([turn]);

    const { events, result } = await collect(converse(client, { model: testModel(), messages: hello, stream }));

    const text = events.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("");
    expect(text).toEqual("Hello there");
    expect(events.filter((event) => event.type !== "text")).toEqual([
      { type: "usage", inputTokens: 1000, outputTokens: 200, totalTokens: 1200, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, costUsd: 0.006, costKnown: true, cacheSavedUsd: 0 },
      { type: "stop", stopReason: "end_turn" },
    ]);
    expect(result).toEqual({
      message: { role: "assistant", content: [{ text: "Hello there" }] },
      toolCalls: [],
      stopReason: "end_turn",
      usage: { inputTokens: 1000, outputTokens: 200, totalTokens: 1200, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      costUsd: 0.006,
      costKnown: true,
      streamed: stream,
    });
    expect(client.requests.map((request) => request.operation)).toEqual([stream ? "ConverseStream" : "Converse"]);
  });

  it("GIVEN a model with stream = false WHEN streaming is requested THEN Converse is used", async () => {
    const client = fakeConverseClient([turn]);

    await collect(converse(client, { model: testModel({ stream: false }), messages: hello, stream: true }));

    expect(client.requests.map((request) => request.operation)).toEqual(["Converse"]);
  });

  it("GIVEN max_tokens WHEN the turn ends THEN a warning precedes the stop", async () => {
    const client = fakeConverseClient([{ text: "Cut", stopReason: "max_tokens" }]);

    const { events } = await collect(converse(client, { model: testModel(), messages: hello, stream: false }));

    expect(events.slice(-2)).toEqual([
      { type: "warning", message: "The answer was cut off at the model's output limit (max_tokens)." },
      { type: "stop", stopReason: "max_tokens" },
    ]);
  });

  it("GIVEN the call is rejected WHEN converse runs THEN a BedrockError names model, operation and AWS exception", async () => {
    const client = fakeConverseClient([{ stopReason: "end_turn", error: { name: "ValidationException", message: "messages: roles must alternate" } }]);

    const error: unknown = await collect(converse(client, { model: testModel(), messages: hello, stream: false })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BedrockError);
    expect(error).toMatchObject({
      kind: "validation",
      modelId: "anthropic.claude-test-v1:0",
      operation: "Converse",
      awsName: "ValidationException",
      requestId: "req-1",
      midStream: false,
      userMessage: "Bedrock rejected the request to `anthropic.claude-test-v1:0`: messages: roles must alternate",
    });
  });

  it("GIVEN the stream fails after some text WHEN iterated THEN the text already arrived and a mid-stream BedrockError follows", async () => {
    const client = fakeConverseClient([{ text: "Partial answer", stopReason: "end_turn", error: { name: "ModelStreamErrorException", message: "boom", afterEvents: 2 } }]);
    const events: unknown[] = [];

    const error = await (async () => {
      for await (const event of converse(client, { model: testModel(), messages: hello })) events.push(event);
    })().catch((e: unknown) => e);

    expect(events).toEqual([{ type: "text", delta: "Partial" }]);
    expect(error).toMatchObject({ kind: "model", operation: "ConverseStream", awsName: "ModelStreamErrorException", midStream: true });
  });
});

describe("converse with content it does not know", () => {
  it("GIVEN a Converse answer with a block type newer than this bot WHEN run THEN the text is shown, the block kept in the message and reported as skipped", async () => {
    const skipped: string[] = [];
    const unknownBlock = { $unknown: ["futureBlock", { x: 1 }] } as unknown as ContentBlock;
    const response: ConverseResponse = {
      output: { message: { role: "assistant", content: [{ text: "Hello" }, unknownBlock] } },
      stopReason: "end_turn",
      usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 },
      metrics: { latencyMs: 1 },
    };
    const client = { converse: () => Promise.resolve(response), converseStream: () => Promise.reject(new Error("not streamed")) };

    const { events, result } = await collect(converse(client, { model: testModel({ stream: false }), messages: hello, onSkipped: (what) => skipped.push(what) }));

    expect(events.filter((event) => event.type === "text")).toEqual([{ type: "text", delta: "Hello" }]);
    expect(result.message.content).toEqual([{ text: "Hello" }, unknownBlock]);
    expect(skipped).toEqual(["content block futureBlock"]);
  });
});

describe("converse: prompt cache and service tier", () => {
  const long = "x".repeat(8000);

  it("GIVEN a Claude model known to cache WHEN the system prompt is long THEN the request carries a cachePoint after it", async () => {
    const client = fakeConverseClient([{ text: "ok", stopReason: "end_turn" as const, usage: { inputTokens: 10, outputTokens: 1 } }]);

    await collect(converse(client, { model: testModel({ model_identifier: "anthropic.claude-3-7-sonnet-20250219-v1:0" }), messages: hello, system: [{ text: long }] }));

    expect(client.requests[0]?.input.system).toEqual([{ text: long }, { cachePoint: { type: "default" } }]);
  });

  it("GIVEN prompt_cache = \"1h\" on a model without the 1-hour cache WHEN answered THEN a warning says so", async () => {
    const client = fakeConverseClient([{ text: "ok", stopReason: "end_turn" as const, usage: { inputTokens: 10, outputTokens: 1 } }]);

    const { events } = await collect(converse(client, { model: testModel({ model_identifier: "anthropic.claude-3-7-sonnet-20250219-v1:0", prompt_cache: "1h" }), messages: hello }));

    expect(events).toContainEqual({ type: "warning", message: "Claude 3.7 Sonnet has no 1-hour prompt cache; using the 5-minute cache." });
  });

  it("GIVEN a model service_tier and a per-request tier WHEN built THEN the request's tier wins, as Converse's serviceTier", () => {
    const model = testModel({ service_tier: "flex" });

    expect(buildConverseInput({ model, messages: hello }).serviceTier).toEqual({ type: "flex" });
    expect(buildConverseInput({ model, messages: hello, serviceTier: "priority" }).serviceTier).toEqual({ type: "priority" });
    expect(buildConverseInput({ model: testModel(), messages: hello }).serviceTier).toBeUndefined();
  });
});

describe("buildConverseInput with a guardrail and citations", () => {
  const guardrail = { identifier: "gr1abc", version: "2", trace: "enabled" as const, stream_processing: "async" as const };
  const withDocument = [{ role: "user" as const, content: [{ text: "Sum up" }, { document: { format: "txt" as const, name: "notes", source: { text: "Hi." } } }] }];

  it("GIVEN a guardrail WHEN the Converse body is built THEN guardrailConfig carries id, version and trace, and no stream mode", () => {
    expect(buildConverseInput({ model: testModel(), messages: hello, guardrail }).guardrailConfig).toEqual({ guardrailIdentifier: "gr1abc", guardrailVersion: "2", trace: "enabled" });
  });

  it("GIVEN a guardrail WHEN the ConverseStream body is built THEN it adds streamProcessingMode", () => {
    expect(buildConverseStreamInput({ model: testModel(), messages: hello, guardrail }).guardrailConfig).toEqual({
      guardrailIdentifier: "gr1abc",
      guardrailVersion: "2",
      trace: "enabled",
      streamProcessingMode: "async",
    });
  });

  it("GIVEN citations asked for WHEN built THEN documents carry citations enabled; without, they are sent as given", () => {
    expect(buildConverseInput({ model: testModel(), messages: withDocument, citations: true }).messages?.[0]?.content?.[1]).toEqual({
      document: { format: "txt", name: "notes", source: { text: "Hi." }, citations: { enabled: true } },
    });
    expect(buildConverseInput({ model: testModel(), messages: withDocument }).messages).toBe(withDocument);
  });
});
