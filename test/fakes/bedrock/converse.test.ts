import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient, Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { FakeBedrock } from "./index.ts";
import { postHttp1, useFakeBedrockRuntime } from "./fake-bedrock-test-kit.ts";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const calculatorTool = { toolSpec: { name: "calculator", inputSchema: { json: { type: "object" } } } };

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

useFakeBedrockRuntime((started) => ({ fake, client } = started));

function ask(text: string, modelId = MODEL) {
  return client.send(new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text }] }] }));
}

describe("Converse echo", () => {
  it("GIVEN no script WHEN Converse is called THEN it echoes the last user text with deterministic usage", async () => {
    const response = await ask("hello there");

    expect(response.output?.message).toEqual({ role: "assistant", content: [{ text: "echo: hello there" }] });
    expect(response.stopReason).toBe("end_turn");
    // 11 input chars -> 3 tokens; 17 output chars -> 5 tokens
    expect(response.usage).toEqual({ inputTokens: 3, outputTokens: 5, totalTokens: 8 });
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("GIVEN an image and a document WHEN Converse is called THEN the echo notes each media block with its decoded size", async () => {
    const response = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages: [
          {
            role: "user",
            content: [
              { image: { format: "png", source: { bytes: new Uint8Array(1234) } } },
              { document: { format: "pdf", name: "Q3 report (final)", source: { bytes: new Uint8Array(5678) } } },
              { text: "compare" },
            ],
          },
        ],
      }),
    );

    expect(response.output?.message?.content).toEqual([{ text: 'echo: [image png 1234 bytes] [document pdf "Q3 report (final)" 5678 bytes] compare' }]);
    expect(response.usage?.inputTokens).toBe(2 + 2 * 100);
  });

  it("GIVEN an ARN model id WHEN Converse is called THEN the request is recorded with the decoded id, body and headers", async () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0";

    await client.send(new ConverseCommand({ modelId: arn, messages: [{ role: "user", content: [{ text: "hi" }] }], inferenceConfig: { maxTokens: 50 } }));

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      operation: "Converse",
      modelId: arn,
      body: { messages: [{ role: "user", content: [{ text: "hi" }] }], inferenceConfig: { maxTokens: 50 } },
    });
    expect(fake.requests[0]?.body.modelId).toBeUndefined();
    expect(fake.requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
  });

  it("GIVEN a small maxTokens WHEN the echo is longer THEN it is cut and stopReason is max_tokens", async () => {
    const response = await client.send(
      new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "a fairly long question" }] }], inferenceConfig: { maxTokens: 2 } }),
    );

    expect(response.output?.message?.content).toEqual([{ text: "echo: a " }]);
    expect(response.stopReason).toBe("max_tokens");
  });
});

describe("Converse scripts", () => {
  it("GIVEN replies scripted for a model and for any model WHEN called THEN exact-id replies come first, in order, then '*', then echo", async () => {
    fake.script(MODEL, { text: "first" }, { text: "second", usage: { inputTokens: 7, outputTokens: 9 } });
    fake.script("*", { text: "anyone" });

    const texts = [];
    for (let i = 0; i < 4; i++) texts.push((await ask("q")).output?.message?.content?.[0]?.text);
    const other = await ask("q", "amazon.nova-lite-v1:0");

    expect(texts).toEqual(["first", "second", "anyone", "echo: q"]);
    expect(other.output?.message?.content?.[0]?.text).toBe("echo: q");
  });

  it("GIVEN scripted usage WHEN called THEN usage is reported as scripted with its total", async () => {
    fake.script(MODEL, { text: "x", usage: { inputTokens: 7, outputTokens: 9 } });

    expect((await ask("q")).usage).toEqual({ inputTokens: 7, outputTokens: 9, totalTokens: 16 });
  });

  it("GIVEN a scripted tool call WHEN the tool result is sent back THEN the echo model summarises it and ends the turn", async () => {
    fake.script(MODEL, { reasoning: "need maths", text: "Let me compute.", toolUses: [{ name: "calculator", input: { expression: "6*7" }, toolUseId: "tooluse_1" }] });
    const question: Message = { role: "user", content: [{ text: "what is 6*7?" }] };

    const first = await client.send(new ConverseCommand({ modelId: MODEL, messages: [question], toolConfig: { tools: [calculatorTool] } }));
    const second = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages: [question, first.output!.message!, { role: "user", content: [{ toolResult: { toolUseId: "tooluse_1", content: [{ json: { value: 42 } }] } }] }],
        toolConfig: { tools: [calculatorTool] },
      }),
    );

    expect(first.stopReason).toBe("tool_use");
    expect(first.output?.message?.content).toEqual([
      { reasoningContent: { reasoningText: { text: "need maths", signature: expect.any(String) } } },
      { text: "Let me compute." },
      { toolUse: { toolUseId: "tooluse_1", name: "calculator", input: { expression: "6*7" } } },
    ]);
    expect(second.stopReason).toBe("end_turn");
    expect(second.output?.message?.content).toEqual([{ text: 'tool results: [calculator] {"value":42}' }]);
  });

  it("GIVEN a scripted stopReason only WHEN called THEN the echo text comes with that stop reason", async () => {
    fake.script("*", { stopReason: "guardrail_intervened" });

    const response = await ask("q");

    expect(response.stopReason).toBe("guardrail_intervened");
    expect(response.output?.message?.content).toEqual([{ text: "echo: q" }]);
  });
});

describe("HTTP/1.1", () => {
  it("GIVEN an HTTP/1.1 client (as the control-plane SDK client is) WHEN it posts to converse THEN the same fake answers", async () => {
    const response = await postHttp1(fake.url, `/model/${encodeURIComponent(MODEL)}/converse`, JSON.stringify({ messages: [{ role: "user", content: [{ text: "over h1" }] }] }), {
      authorization: "Bearer fake-api-key",
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).output.message.content).toEqual([{ text: "echo: over h1" }]);
  });

  it("GIVEN an unknown path WHEN called THEN a 404 UnknownOperationException answers", async () => {
    const response = await postHttp1(fake.url, "/nope", "{}", { authorization: "Bearer k" });

    expect(response.status).toBe(404);
    expect(response.headers["x-amzn-errortype"]).toMatch(/^UnknownOperationException/);
  });
});
