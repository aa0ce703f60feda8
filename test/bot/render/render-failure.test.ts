import { describe, expect, it } from "vitest";
import { BedrockError, type BedrockErrorDetails } from "../../../src/bedrock/errors/bedrock-error.ts";
import { UserFacingError } from "../../../src/bedrock/errors/user-facing-error.ts";
import { renderFailure } from "../../../src/bot/render/render-failure.ts";

function bedrockError(details: Partial<BedrockErrorDetails>): BedrockError {
  return new BedrockError({
    kind: "throttled",
    modelId: "anthropic.claude-3-haiku",
    operation: "ConverseStream",
    awsName: "ThrottlingException",
    awsMessage: "Too many requests",
    userMessage: "Bedrock is throttling requests to `anthropic.claude-3-haiku`. Try again in a minute.",
    expected: true,
    ...details,
  });
}

describe("renderFailure", () => {
  it("GIVEN a refusal WHEN rendered THEN its sentence, no error id", () => {
    expect(renderFailure(new UserFacingError("This server has used $5.00 of its $5.00 daily budget."), "e1")).toEqual({
      text: "❌ This server has used $5.00 of its $5.00 daily budget.",
      expected: true,
    });
  });

  it("GIVEN an expected Bedrock error WHEN rendered THEN its user message", () => {
    expect(renderFailure(bedrockError({}), "e1")).toEqual({
      text: "❌ Bedrock is throttling requests to `anthropic.claude-3-haiku`. Try again in a minute.",
      expected: true,
    });
  });

  it("GIVEN an unexpected Bedrock error WHEN rendered THEN its user message with the error id", () => {
    const error = bedrockError({ kind: "service", awsName: "InternalServerException", userMessage: "Bedrock had an internal problem.", expected: false });

    expect(renderFailure(error, "e-7f3a")).toEqual({ text: "❌ Bedrock had an internal problem. (error id e-7f3a)", expected: false });
  });

  it("GIVEN a cancelled request (Stop) WHEN rendered THEN stopped, not failed", () => {
    const aborted = bedrockError({ kind: "aborted", awsName: "AbortError", userMessage: "The request to Bedrock was cancelled." });
    const domAbort = Object.assign(new Error("This operation was aborted"), { name: "AbortError" });

    expect([renderFailure(aborted, "e1"), renderFailure(domAbort, "e2")]).toEqual([
      { text: "⏹️ Stopped.", expected: true },
      { text: "⏹️ Stopped.", expected: true },
    ]);
  });

  it("GIVEN any other error WHEN rendered THEN a generic line with the error id and nothing of its message", () => {
    expect(renderFailure(new TypeError("cannot read properties of undefined (token=abc)"), "e-9")).toEqual({
      text: "❌ Something went wrong while answering (error id e-9).",
      expected: false,
    });
  });

  it("GIVEN a long multi-line message WHEN rendered THEN one line, shortened", () => {
    const { text } = renderFailure(new UserFacingError(`Bedrock rejected the request:\n${"detail ".repeat(100)}`), "e1");

    expect(text.includes("\n")).toBe(false);
    expect(text.length).toBeLessThanOrEqual(402);
    expect(text.endsWith("…")).toBe(true);
  });
});
