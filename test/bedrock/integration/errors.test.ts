/** Failures through the real SDK against the fake Bedrock: each surfaces as our typed error, never as a hang. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConverseClient } from "../../../src/bedrock/clients/converse-client.ts";
import { createBedrockClients } from "../../../src/bedrock/clients/create-bedrock-clients.ts";
import { converse, type TurnRequest } from "../../../src/bedrock/converse/converse.ts";
import { BedrockError } from "../../../src/bedrock/errors/bedrock-error.ts";
import type { ProviderConfig } from "../../../src/config/schema.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { testModel } from "../fake-converse-client.ts";
import { fakeProvider } from "./fake-provider.ts";

let fake: FakeBedrock;

beforeAll(async () => {
  fake = await startFakeBedrock();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const model = testModel();
const hello: TurnRequest["messages"] = [{ role: "user", content: [{ text: "Hi" }] }];

/** Runs one turn on fresh clients; returns the events seen and what was thrown (undefined on success). */
async function turn(request: Partial<TurnRequest>, provider: Partial<ProviderConfig> = {}) {
  const clients = createBedrockClients(fakeProvider(fake.url, provider));
  const events: unknown[] = [];
  try {
    for await (const event of converse(createConverseClient(clients.runtime), { model, messages: hello, ...request })) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error: error as BedrockError };
  } finally {
    clients.destroy();
  }
}

describe("errors through the SDK", () => {
  it.each([false, true])("GIVEN a conversation breaking a Converse rule (stream=%s) WHEN sent THEN a validation BedrockError carries AWS's message", async (stream) => {
    const { error } = await turn({ messages: [{ role: "assistant", content: [{ text: "I speak first" }] }], stream });

    expect(error).toBeInstanceOf(BedrockError);
    expect(error).toMatchObject({ kind: "validation", awsName: "ValidationException", httpStatus: 400, operation: stream ? "ConverseStream" : "Converse" });
    expect(error?.userMessage).toMatch(/^Bedrock rejected the request to `anthropic\.claude-test-v1:0`: .+/);
    expect(error?.requestId).toBeTruthy();
  });

  it("GIVEN throttling on 2 calls and max_retry = 2 WHEN sent THEN the SDK retries and the third attempt answers", async () => {
    fake.fail(2, { status: 429, type: "ThrottlingException", message: "Too many requests, please wait before trying again." });

    const { events, error } = await turn({ stream: false });

    expect(error).toEqual(undefined);
    expect(events.at(-1)).toEqual({ type: "stop", stopReason: "end_turn" });
    expect(fake.requests).toHaveLength(3);
  });

  it("GIVEN throttling beyond max_retry WHEN sent THEN a throttled BedrockError after max_retry + 1 attempts", async () => {
    fake.fail(3, { status: 429, type: "ThrottlingException" });

    const { error } = await turn({ stream: true }, { max_retry: 1 });

    expect(error).toMatchObject({ kind: "throttled", attempts: 2, httpStatus: 429, expected: true });
    expect(fake.requests).toHaveLength(2);
  });

  it("GIVEN access denied WHEN sent THEN not retried, and the user reads which permission is missing", async () => {
    fake.fail(1, { status: 403, type: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." });

    const { error } = await turn({ stream: false });

    expect(error).toMatchObject({ kind: "access_denied", httpStatus: 403 });
    expect(error?.userMessage).toContain("Model access for `anthropic.claude-test-v1:0` is not enabled");
    expect(fake.requests).toHaveLength(1);
  });

  it("GIVEN a model exception in the middle of the stream WHEN iterated THEN the text so far arrived and a mid-stream BedrockError ends it", async () => {
    fake.script("*", { text: "This answer will not finish", streamError: { afterEvents: 2, type: "modelStreamErrorException", message: "The model crashed" } });

    const { events, error } = await turn({ stream: true });

    expect(error).toMatchObject({ kind: "model", awsName: "ModelStreamErrorException", midStream: true, operation: "ConverseStream" });
    expect(error?.userMessage).toContain("The model crashed");
    expect(events.some((event) => (event as { type: string }).type === "stop")).toEqual(false);
  });

  it("GIVEN a model slower than the timeout WHEN sent THEN a timeout BedrockError instead of waiting", async () => {
    fake.script("*", { text: "late", delayMs: 5_000 });

    const { error } = await turn({ stream: false }, { timeout: 0.3, max_retry: 0 });

    expect(error).toMatchObject({ kind: "timeout", awsName: "TimeoutError" });
  });
});
