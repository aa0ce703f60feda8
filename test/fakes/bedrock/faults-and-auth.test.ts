import {
  AccessDeniedException,
  ConverseCommand,
  ConverseStreamCommand,
  InternalServerException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { FakeBedrock } from "./index.ts";
import { caught, collectStream, postHttp2, runtimeClient, useFakeBedrockRuntime } from "./fake-bedrock-test-kit.ts";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

useFakeBedrockRuntime((started) => ({ fake, client } = started));

const converse = (modelId = MODEL, target = client) =>
  target.send(new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "hi" }] }] }));

describe("fault injection", () => {
  it("GIVEN throttling for 2 calls WHEN Converse is called THEN the SDK's retries succeed on the third attempt", async () => {
    fake.fail(2, { status: 429, type: "ThrottlingException" });

    const response = await converse();

    expect(response.output?.message?.content).toEqual([{ text: "echo: hi" }]);
    expect(response.$metadata.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
  });

  it("GIVEN a 500 on every attempt WHEN Converse is called THEN InternalServerException surfaces after the SDK's 3 attempts", async () => {
    fake.fail(3, { status: 500, type: "InternalServerException", message: "kaput" });

    const error = await caught(() => converse());

    expect(error).toBeInstanceOf(InternalServerException);
    expect(error.message).toBe("kaput");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 3 });
  });

  it.each([
    [403, "AccessDeniedException", AccessDeniedException],
    [404, "ResourceNotFoundException", ResourceNotFoundException],
    [408, "ModelTimeoutException", ModelTimeoutException],
    [503, "ServiceUnavailableException", ServiceUnavailableException],
    [429, "ThrottlingException", ThrottlingException],
  ] as const)("GIVEN a %i %s fault WHEN called without retries THEN the SDK raises that class", async (status, type, errorClass) => {
    fake.fail(1, { status, type });
    const once = runtimeClient(fake.url, { maxAttempts: 1 });

    const error = await caught(() => converse(MODEL, once));
    once.destroy();

    expect(error).toBeInstanceOf(errorClass);
    expect(error.name).toBe(type);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it("GIVEN a fault for one model and operation WHEN other calls come first THEN only the matching call fails", async () => {
    fake.fail(1, { status: 400, type: "ValidationException", message: "nope", modelId: "other-model", operation: "ConverseStream" });

    await converse("other-model");
    await collectStream((await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "x" }] }] }))).stream);
    const error = await caught(() => client.send(new ConverseStreamCommand({ modelId: "other-model", messages: [{ role: "user", content: [{ text: "x" }] }] })));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("nope");
  });

  it("GIVEN a queued fault WHEN reset THEN calls succeed again", async () => {
    fake.fail(5, { status: 503, type: "ServiceUnavailableException" });
    fake.reset();

    expect((await converse()).$metadata.attempts).toBe(1);
  });
});

describe("authorization", () => {
  const path = `/model/${encodeURIComponent(MODEL)}/converse`;
  const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });

  it("GIVEN no Authorization header WHEN posted THEN 403 MissingAuthenticationTokenException, and the call is still recorded", async () => {
    const response = await postHttp2(fake.url, path, body);

    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toMatch(/^MissingAuthenticationTokenException/);
    expect(JSON.parse(response.body)).toEqual({ message: "Missing Authentication Token" });
    expect(fake.requests).toHaveLength(1);
  });

  it("GIVEN SigV4 scoped to another service WHEN posted THEN 403 InvalidSignatureException", async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${"a".repeat(64)}`;

    const response = await postHttp2(fake.url, path, body, { authorization });

    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).message).toBe("Credential should be scoped to correct service: 'bedrock'. ");
  });

  it("GIVEN a Bedrock API key WHEN the real client prefers bearer auth THEN the call is accepted with a Bearer header", async () => {
    const bearerClient = runtimeClient(fake.url, { credentials: undefined, token: { token: "bedrock-api-key-x" }, authSchemePreference: ["httpBearerAuth"] });

    const response = await converse(MODEL, bearerClient);
    bearerClient.destroy();

    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer bedrock-api-key-x");
  });

  it("GIVEN an unmodeled 403 (MissingAuthenticationTokenException) WHEN the real client gets it THEN the error is named after x-amzn-errortype", async () => {
    fake.fail(1, { status: 403, type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    const once = runtimeClient(fake.url, { maxAttempts: 1 });

    const error = await caught(() => converse(MODEL, once));
    once.destroy();

    expect(error.name).toBe("MissingAuthenticationTokenException");
    expect(error.message).toBe("Missing Authentication Token");
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });
});
