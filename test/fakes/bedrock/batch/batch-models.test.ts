import { describe, expect, it } from "vitest";
import { findBatchModel } from "./batch-models.ts";

describe("findBatchModel", () => {
  it.each([
    ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic-messages", 100],
    ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic-messages", 100],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-20250514-v1:0", "anthropic-messages", 100],
    ["arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", "nova-messages-v1", 100],
    ["apac.amazon.nova-micro-v1:0", "nova-messages-v1", 100],
    ["meta.llama4-scout-17b-instruct-v1:0", "llama-prompt", 50],
    ["meta.llama3-3-70b-instruct-v1:0", "llama-prompt", 100],
    ["mistral.mistral-small-2402-v1:0", "mistral-prompt", 100],
    ["amazon.titan-embed-text-v2:0", "titan-embed-text-v2", 100],
    ["amazon.titan-embed-image-v1", "titan-embed-image-v1", 100],
  ])("GIVEN %s WHEN looked up THEN batch-capable with the %s body and a minimum of %i", (modelId, nativeBody, minRecords) => {
    expect(findBatchModel(modelId)).toMatchObject({ nativeBody, minRecords });
  });

  it.each(["anthropic.claude-v2:1", "amazon.titan-text-express-v1", "cohere.command-r-v1:0", "meta.llama2-13b-chat-v1", "mistral.mistral-7b-instruct-v0:2"])(
    "GIVEN %s WHEN looked up THEN not batch-capable",
    (modelId) => {
      expect(findBatchModel(modelId)).toBeUndefined();
    },
  );

  it("GIVEN Nova Pro WHEN looked up THEN its job size quota is 100 GB, others 5 GB; only Nova reads S3 media", () => {
    expect(findBatchModel("amazon.nova-pro-v1:0")).toMatchObject({ maxJobBytes: 100 * 1024 ** 3, s3Media: true });
    expect(findBatchModel("anthropic.claude-3-5-haiku-20241022-v1:0")).toMatchObject({ maxJobBytes: 5 * 1024 ** 3, s3Media: false, converse: true });
    expect(findBatchModel("amazon.titan-embed-text-v2:0")?.converse).toBe(false);
  });
});
