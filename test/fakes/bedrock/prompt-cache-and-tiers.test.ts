import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient, ConverseCommandInput, Message, SystemContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { FakeBedrock } from "./index.ts";
import { caught, collectStream, useFakeBedrockRuntime } from "./fake-bedrock-test-kit.ts";

const CLAUDE = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"; // caches from 1,024 tokens
const NOVA = "amazon.nova-lite-v1:0"; // caches system and messages, not tools
const LLAMA = "meta.llama3-1-70b-instruct-v1:0"; // no prompt caching
const GPT_OSS = "openai.gpt-oss-120b-1:0"; // serves flex and priority

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

useFakeBedrockRuntime((started) => ({ fake, client } = started));

const point = { cachePoint: { type: "default" as const } };
/** 8,000 characters: 2,000 fake tokens. */
const longSystem: SystemContentBlock[] = [{ text: "Rules. ".repeat(1143).slice(0, 8000) }, point];
const user = (text: string): Message => ({ role: "user", content: [{ text }] });

function converse(input: Omit<ConverseCommandInput, "modelId">, modelId = CLAUDE) {
  return client.send(new ConverseCommand({ modelId, ...input }));
}

describe("prompt cache", () => {
  it("GIVEN a long system prompt with a cachePoint WHEN called twice THEN the first call writes it and the second reads it", async () => {
    const first = await converse({ system: longSystem, messages: [user("hi")] });
    const second = await converse({ system: longSystem, messages: [user("hello again")] });

    expect(first.usage).toEqual({ inputTokens: 1, outputTokens: 2, totalTokens: 2003, cacheReadInputTokens: 0, cacheWriteInputTokens: 2000 });
    expect(second.usage?.cacheReadInputTokens).toBe(2000);
    expect(second.usage?.cacheWriteInputTokens).toBe(0);
    expect(second.usage?.inputTokens).toBe(3); // "hello again": only the new part is billed as plain input
  });

  it("GIVEN a different system prompt WHEN called THEN nothing is read: the key is the content, not a counter", async () => {
    await converse({ system: longSystem, messages: [user("hi")] });
    const other = await converse({ system: [{ text: "Other rules. ".repeat(700) }, point], messages: [user("hi")] });

    expect(other.usage?.cacheReadInputTokens).toBe(0);
    expect(other.usage?.cacheWriteInputTokens).toBeGreaterThan(2000);
  });

  it("GIVEN a prefix under the model's minimum WHEN called twice THEN it is accepted and caches nothing", async () => {
    const short: SystemContentBlock[] = [{ text: "Be brief." }, point];
    await converse({ system: short, messages: [user("hi")] });
    const again = await converse({ system: short, messages: [user("hi")] });

    expect(again.usage).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 }); // 11 chars in, "echo: hi" out
  });

  it("GIVEN the history checkpoint moved one turn on WHEN called THEN the earlier prefix is still read (lookback)", async () => {
    const turn2: Message[] = [user("q1"), { role: "assistant", content: [{ text: "a1" }, point] }, user("q2")];
    await converse({ system: longSystem, messages: turn2 });
    const turn3: Message[] = [user("q1"), { role: "assistant", content: [{ text: "a1" }] }, user("q2"), { role: "assistant", content: [{ text: "a2" }, point] }, user("q3")];
    const third = await converse({ system: longSystem, messages: turn3 });

    expect(third.usage?.cacheReadInputTokens).toBe(2001); // system + q1 + a1: 8,004 chars
    expect(third.usage?.cacheWriteInputTokens).toBe(1); // q2 + a2: up to 8,008 chars
  });

  it("GIVEN ConverseStream WHEN the prefix is cached THEN the metadata event reports the cache tokens", async () => {
    await converse({ system: longSystem, messages: [user("hi")] });
    const response = await client.send(new ConverseStreamCommand({ modelId: CLAUDE, system: longSystem, messages: [user("hi")] }));
    const events = await collectStream(response.stream);

    expect(events.at(-1)?.metadata?.usage?.cacheReadInputTokens).toBe(2000);
  });

  it("GIVEN a time past the 5-minute TTL WHEN called again THEN the entry expired and is written anew", async () => {
    await converse({ system: longSystem, messages: [user("hi")] });
    await fake.advance(5 * 60_000 + 1);
    const later = await converse({ system: longSystem, messages: [user("hi")] });

    expect(later.usage?.cacheReadInputTokens).toBe(0);
    expect(later.usage?.cacheWriteInputTokens).toBe(2000);
  });
});

describe("cachePoint placement rules", () => {
  it.each([
    ["a model without prompt caching", LLAMA, { system: longSystem, messages: [user("hi")] }, "AccessDeniedException", /unsupported model or your request did not allow prompt caching/],
    ["a message that is only a cachePoint", CLAUDE, { messages: [user("hi"), { role: "assistant", content: [point] }, user("q")] }, "ValidationException", /messages\.1 holds only cachePoint/],
    ["five checkpoints", CLAUDE, { system: [{ text: "a" }, point, { text: "b" }, point, { text: "c" }, point], messages: [{ role: "user", content: [{ text: "x" }, point, { text: "y" }, point] }] }, "ValidationException", /maximum of 4 cache checkpoints/],
    ["a tools checkpoint on Nova", NOVA, { messages: [user("hi")], toolConfig: { tools: [{ toolSpec: { name: "t", inputSchema: { json: { type: "object" } } } }, point] } }, "ValidationException", /toolConfig\.tools/],
    ["a 1h TTL on Claude 3.7", CLAUDE, { system: [{ text: "s" }, { cachePoint: { type: "default", ttl: "1h" } }], messages: [user("hi")] }, "ValidationException", /1h cache TTL/],
    ["a cachePoint after reasoning", CLAUDE, { messages: [user("hi"), { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } }, { text: "a" }, point] }, user("q")] }, "ValidationException", /Cache point cannot be inserted after reasoning block/],
  ] as const)("GIVEN %s WHEN called THEN Bedrock's refusal", async (_name, modelId, input, name, message) => {
    const error = await caught(() => converse(input as unknown as Omit<ConverseCommandInput, "modelId">, modelId));

    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
  });
});

describe("service tiers", () => {
  it("GIVEN flex on a model that serves it WHEN called (both APIs) THEN the tier is echoed", async () => {
    const response = await converse({ messages: [user("hi")], serviceTier: { type: "flex" } }, GPT_OSS);
    const stream = await client.send(new ConverseStreamCommand({ modelId: GPT_OSS, messages: [user("hi")], serviceTier: { type: "priority" } }));
    const events = await collectStream(stream.stream);

    expect(response.serviceTier).toEqual({ type: "flex" });
    expect(events.at(-1)?.metadata?.serviceTier).toEqual({ type: "priority" });
  });

  it("GIVEN no tier asked WHEN called THEN none is echoed", async () => {
    expect((await converse({ messages: [user("hi")] })).serviceTier).toBeUndefined();
  });

  it.each([
    ["flex on Claude", CLAUDE, "flex", /does not support the flex service tier/],
    ["reserved without a reservation", GPT_OSS, "reserved", /^Reservation not found\.$/],
    ["a tier that does not exist", GPT_OSS, "cheapest", /^service tier provided is invalid$/],
  ] as const)("GIVEN %s WHEN called THEN a ValidationException", async (_name, modelId, type, message) => {
    const error = await caught(() => converse({ messages: [user("hi")], serviceTier: { type: type as "flex" } }, modelId));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(message);
  });
});
