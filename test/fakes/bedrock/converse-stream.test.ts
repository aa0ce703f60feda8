import { ConverseStreamCommand, ModelStreamErrorException } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient, ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { FakeBedrock } from "./index.ts";
import { caught, collectStream, runtimeClient, useFakeBedrockRuntime } from "./fake-bedrock-test-kit.ts";

const MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const weatherTool = { toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } };

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

useFakeBedrockRuntime((started) => ({ fake, client } = started));

function input(text: string): ConverseStreamCommandInput {
  return { modelId: MODEL, messages: [{ role: "user", content: [{ text }] }], toolConfig: { tools: [weatherTool] } };
}

async function stream(text: string) {
  const response = await client.send(new ConverseStreamCommand(input(text)));
  return collectStream(response.stream);
}

describe("ConverseStream", () => {
  it("GIVEN scripted text WHEN streamed THEN it arrives as several deltas between messageStart and metadata", async () => {
    fake.script(MODEL, { text: "The quick brown fox jumps over the lazy dog" });

    const events = await stream("hi");

    expect(events[0]).toEqual({ messageStart: { role: "assistant" } });
    const deltas = events.flatMap((event) => (event.contentBlockDelta?.delta?.text === undefined ? [] : [event.contentBlockDelta.delta.text]));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("The quick brown fox jumps over the lazy dog");
    expect(events.at(-3)).toEqual({ contentBlockStop: { contentBlockIndex: 0 } });
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: "end_turn" } });
    expect(events.at(-1)?.metadata?.usage).toEqual({ inputTokens: 1, outputTokens: 11, totalTokens: 12 });
    expect(events.at(-1)?.metadata?.metrics?.latencyMs).toEqual(expect.any(Number));
  });

  it("GIVEN two scripted tool calls WHEN streamed THEN id and name come in contentBlockStart and input in JSON fragments", async () => {
    fake.script(MODEL, {
      toolUses: [
        { name: "get_weather", input: { city: "Paris", unit: "celsius" }, toolUseId: "tooluse_paris" },
        { name: "get_weather", input: { city: "Oslo", unit: "celsius" } },
      ],
    });

    const events = await stream("weather?");

    const starts = events.flatMap((event) => (event.contentBlockStart ? [event.contentBlockStart] : []));
    expect(starts).toEqual([
      { contentBlockIndex: 0, start: { toolUse: { toolUseId: "tooluse_paris", name: "get_weather" } } },
      { contentBlockIndex: 1, start: { toolUse: { toolUseId: expect.stringMatching(/^tooluse_[\w-]{22}$/), name: "get_weather" } } },
    ]);
    const fragments = events.flatMap((event) =>
      event.contentBlockDelta?.contentBlockIndex === 0 && event.contentBlockDelta.delta?.toolUse ? [event.contentBlockDelta.delta.toolUse.input] : [],
    );
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(""))).toEqual({ city: "Paris", unit: "celsius" });
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: "tool_use" } });
  });

  it("GIVEN scripted reasoning WHEN streamed THEN reasoning text deltas come first, then a signature, then the text", async () => {
    fake.script(MODEL, { reasoning: "The user greets me, so I greet back.", text: "Hello!" });

    const events = await stream("hi");

    const reasoning = events.flatMap((event) =>
      event.contentBlockDelta?.contentBlockIndex === 0 && event.contentBlockDelta.delta?.reasoningContent ? [event.contentBlockDelta.delta.reasoningContent] : [],
    );
    expect(reasoning.slice(0, -1).map((delta) => delta.text).join("")).toBe("The user greets me, so I greet back.");
    expect(reasoning.at(-1)).toEqual({ signature: expect.any(String) });
    expect(events).toContainEqual({ contentBlockDelta: { contentBlockIndex: 1, delta: { text: "Hello!" } } });
  });

  it("GIVEN a pace WHEN streamed THEN the events are the same as without one", async () => {
    const unpaced = await stream("one two three four five six seven");
    fake.setPace({ firstTokenMs: 5, deltaMs: 2 });

    const paced = await stream("one two three four five six seven");

    const withoutMetadata = (events: typeof paced) => events.filter((event) => !event.metadata);
    expect(withoutMetadata(paced)).toEqual(withoutMetadata(unpaced));
  });
});

describe("ConverseStream errors", () => {
  it("GIVEN a stream error after 3 events WHEN iterating THEN the iterator throws the modeled exception after those events", async () => {
    fake.script(MODEL, { text: "one two three four five six seven eight nine", streamError: { afterEvents: 3, type: "modelStreamErrorException", message: "model broke" } });
    const response = await client.send(new ConverseStreamCommand(input("hi")));
    const seen: unknown[] = [];

    const error = await caught(async () => {
      for await (const event of response.stream ?? []) seen.push(event);
    });

    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(ModelStreamErrorException);
    expect(error.name).toBe("ModelStreamErrorException");
    expect(error.message).toBe("model broke");
  });

  it("GIVEN a stream error before any event WHEN sending THEN send itself rejects, since the SDK reads the first event before resolving", async () => {
    fake.script(MODEL, { streamError: { afterEvents: 0, type: "modelStreamErrorException" } });

    const error = await caught(() => client.send(new ConverseStreamCommand(input("hi"))));

    expect(error.name).toBe("ModelStreamErrorException");
    expect(fake.requests).toHaveLength(1);
  });

  it("GIVEN a throttling exception as the first stream event WHEN sending THEN the SDK retries it like an HTTP 429", async () => {
    fake.script(MODEL, { streamError: { afterEvents: 0, type: "throttlingException" } });

    const events = await stream("hi");

    expect(fake.requests).toHaveLength(2);
    expect(events).toContainEqual({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "echo: hi" } } });
  });

  it("GIVEN a scripted delay WHEN the client gives up first THEN the call fails and the fake stays usable", async () => {
    fake.script(MODEL, { text: "late", delayMs: 5_000 });
    const impatient = runtimeClient(fake.url, { requestHandler: { requestTimeout: 100 }, maxAttempts: 1 });

    const error = await caught(() => impatient.send(new ConverseStreamCommand(input("hi"))));
    impatient.destroy();

    expect(error.name).toMatch(/Timeout/);
    expect(await stream("still there?")).toContainEqual({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "echo: still there?" } } });
  });
});
