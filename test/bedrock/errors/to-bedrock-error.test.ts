import { describe, expect, it } from "vitest";
import { BedrockError } from "../../../src/bedrock/errors/bedrock-error.ts";
import { toBedrockError } from "../../../src/bedrock/errors/to-bedrock-error.ts";

const context = { modelId: "anthropic.claude-x", operation: "Converse" };

function awsError(name: string, message: string, httpStatusCode?: number, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, requestId: "rid-42", attempts } });
}

describe("toBedrockError", () => {
  it("GIVEN an IAM denial WHEN converted THEN the user reads which permission on which resource", () => {
    const original = awsError(
      "AccessDeniedException",
      "User: arn:aws:iam::123456789012:user/bot is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-x because no identity-based policy allows the bedrock:InvokeModel action",
      403,
    );

    const error = toBedrockError(original, context);

    expect(error).toBeInstanceOf(BedrockError);
    expect(error).toMatchObject({
      kind: "access_denied",
      modelId: "anthropic.claude-x",
      operation: "Converse",
      awsName: "AccessDeniedException",
      httpStatus: 403,
      requestId: "rid-42",
      expected: true,
      userMessage:
        "The bot's AWS identity is not allowed to call bedrock:InvokeModel on arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-x (model `anthropic.claude-x`): an admin must grant it in IAM.",
    });
    expect(error.cause).toBe(original);
  });

  it("GIVEN model access not enabled WHEN converted THEN the user is sent to Model access", () => {
    const error = toBedrockError(awsError("AccessDeniedException", "You don't have access to the model with the specified model ID.", 403), context);

    expect(error.userMessage).toEqual(
      "Model access for `anthropic.claude-x` is not enabled in this AWS account and region: an admin must enable it in the Bedrock console (Model access). AWS says: \"You don't have access to the model with the specified model ID.\"",
    );
  });

  it("GIVEN a bare 403 on a stream WHEN converted THEN the streaming permission is named", () => {
    const error = toBedrockError(awsError("AccessDeniedException", "denied", 403), { ...context, operation: "ConverseStream" });

    expect(error.userMessage).toContain("bedrock:InvokeModelWithResponseStream");
  });

  it("GIVEN throttling after retries WHEN converted THEN the attempts are mentioned", () => {
    const error = toBedrockError(awsError("ThrottlingException", "Too many requests", 429, 3), context);

    expect(error).toMatchObject({
      kind: "throttled",
      attempts: 3,
      userMessage: "Bedrock is throttling requests to `anthropic.claude-x` (gave up after 3 attempts). Try again in a minute.",
    });
  });

  it("GIVEN an unknown model WHEN converted THEN wrong id or region is suggested", () => {
    const error = toBedrockError(awsError("ResourceNotFoundException", "Model not found", 404), context);

    expect(error.kind).toEqual("not_found");
    expect(error.userMessage).toContain("check model_identifier");
    expect(error.userMessage).toContain("region");
  });

  it("GIVEN a validation error WHEN converted THEN AWS's message is passed on", () => {
    const error = toBedrockError(awsError("ValidationException", "A conversation must start with a user message.", 400), context);

    expect(error.userMessage).toEqual("Bedrock rejected the request to `anthropic.claude-x`: A conversation must start with a user message.");
  });

  it("GIVEN a client timeout WHEN converted THEN kind timeout", () => {
    const error = toBedrockError(Object.assign(new Error("Stream timed out because of no activity for 60000 ms"), { name: "TimeoutError" }), context);

    expect(error).toMatchObject({ kind: "timeout", awsName: "TimeoutError", httpStatus: undefined });
  });

  it("GIVEN a mid-stream model error WHEN converted THEN midStream and not expected (logged with an id)", () => {
    const error = toBedrockError(awsError("ModelStreamErrorException", "The model crashed"), { ...context, operation: "ConverseStream", midStream: true });

    expect(error).toMatchObject({ kind: "model", midStream: true, expected: false });
    expect(error.userMessage).toEqual("`anthropic.claude-x` failed while answering (mid-stream): The model crashed");
  });

  it("GIVEN an unnamed error with a 503 WHEN converted THEN the status decides", () => {
    const error = toBedrockError(Object.assign(new Error("oops"), { $metadata: { httpStatusCode: 503 } }), context);

    expect(error.kind).toEqual("service");
  });

  it("GIVEN a BedrockError WHEN converted again THEN it is returned unchanged", () => {
    const first = toBedrockError(new Error("x"), context);

    expect(toBedrockError(first, { modelId: "other", operation: "Other" })).toBe(first);
  });

  it("GIVEN a non-Error value WHEN converted THEN still a BedrockError", () => {
    expect(toBedrockError("string thrown", context)).toMatchObject({ kind: "unknown", awsMessage: "string thrown" });
  });
});
