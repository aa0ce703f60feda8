/** Recorded Bedrock error responses through the real SDK into `toBedrockError`: the sentence a user would read. */
import { describe, expect, it } from "vitest";
import { converse } from "../../../src/bedrock/converse/converse.ts";
import type { BedrockError } from "../../../src/bedrock/errors/bedrock-error.ts";
import { corpusJson, errorRecording } from "../../fakes/replay/recordings.ts";
import { testModel } from "../fake-converse-client.ts";
import { drain, useReplay } from "./replay-kit.ts";

const replay = useReplay();

async function failureOf(file: string, stream = false): Promise<BedrockError> {
  replay.server.answerNext(errorRecording(`errors/${file}`));
  const { error } = await drain(converse(replay.client, { model: testModel({ stream }), messages: [{ role: "user", content: [{ text: "Hi" }] }] }));
  if (error === undefined) throw new Error(`${file}: the call did not fail`);
  return error as BedrockError;
}

function recordedMessage(file: string): string {
  const { body } = corpusJson(`errors/${file}`) as { body: string };
  return (JSON.parse(body) as { message: string }).message;
}

describe("GIVEN recorded Bedrock errors WHEN replayed through the SDK", () => {
  // Before: IAM-permission advice ("needs bedrock:InvokeModel on the model"), and AWS's own text was dropped.
  it("THEN a Marketplace-subscription AccessDenied gets model-access/subscription advice and keeps AWS's text", async () => {
    const error = await failureOf("marketplace-access-denied.error.json", true);
    expect(error).toMatchObject({ kind: "access_denied", awsName: "AccessDeniedException", httpStatus: 403, expected: true });
    expect(error.userMessage).toMatch(/^Model access for `anthropic\.claude-test-v1:0` is not enabled: its AWS Marketplace subscription is missing/);
    expect(error.userMessage).toContain(`AWS says: "${recordedMessage("marketplace-access-denied.error.json")}"`);
    expect(error.userMessage).not.toContain("bedrock:InvokeModel");
  });

  it("THEN 'You don't have access to the model' sends the admin to Model access, quoting AWS", async () => {
    const error = await failureOf("model-access-not-granted.error.json");
    expect(error.userMessage).toContain("an admin must enable it in the Bedrock console (Model access)");
    expect(error.userMessage).toContain("You don't have access to the model with the specified model ID.");
  });

  // Before: "Bedrock rejected the request: The provided model identifier is invalid." with no setup advice.
  it("THEN 'The provided model identifier is invalid.' gets the model id / region / inference-profile advice", async () => {
    const error = await failureOf("invalid-model-identifier.error.json", true);
    expect(error).toMatchObject({ kind: "not_found", awsName: "ValidationException", httpStatus: 400, requestId: "a9464e5c-4679-4f86-bf6d-46cf872c8bd3" });
    expect(error.userMessage).toContain("check model_identifier");
    expect(error.userMessage).toContain("inference profile id such as `us.anthropic.claude-test-v1:0`");
    expect(error.userMessage).toContain("The provided model identifier is invalid.");
  });

  it("THEN a throttle keeps its request id and says to try again", async () => {
    const error = await failureOf("throttling-too-many-tokens.error.json");
    expect(error).toMatchObject({ kind: "throttled", httpStatus: 429, requestId: "ca47a5ce-e260-4824-aa0e-2e62669d5d6e", awsMessage: "Too many tokens, please wait before trying again." });
    expect(error.userMessage).toBe("Bedrock is throttling requests to `anthropic.claude-test-v1:0`. Try again in a minute.");
  });

  it("THEN a 400 without an error type is still a validation error with AWS's message", async () => {
    const error = await failureOf("validation-no-error-type.error.json");
    expect(error).toMatchObject({ kind: "validation", httpStatus: 400 });
    expect(error.userMessage).toBe(
      "Bedrock rejected the request to `anthropic.claude-test-v1:0`: This model doesn't support the image field for user messages. Remove image and try again.",
    );
  });
});
