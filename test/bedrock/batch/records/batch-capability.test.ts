import { describe, expect, it } from "vitest";
import { baseModelId, batchCapability } from "../../../../src/bedrock/batch/records/batch-capability.ts";

const chat = (model_identifier: string, batch?: object) => ({ model_identifier, kind: "chat" as const, ...(batch ? { batch } : {}) });

describe("baseModelId", () => {
  it("GIVEN inference profile ids and ARNs WHEN reduced THEN the foundation-model id remains", () => {
    expect(baseModelId("us.anthropic.claude-sonnet-4-20250514-v1:0")).toBe("anthropic.claude-sonnet-4-20250514-v1:0");
    expect(baseModelId("eu.amazon.nova-pro-v1:0")).toBe("amazon.nova-pro-v1:0");
    expect(baseModelId("arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.meta.llama4-scout-17b-instruct-v1:0")).toBe(
      "meta.llama4-scout-17b-instruct-v1:0",
    );
    expect(baseModelId("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0")).toBe("amazon.titan-embed-text-v2:0");
  });
});

describe("batchCapability", () => {
  it("GIVEN known chat families WHEN asked THEN they batch as Converse with the AWS default limits", () => {
    for (const id of [
      "anthropic.claude-3-haiku-20240307-v1:0",
      "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
      "anthropic.claude-3-7-sonnet-20250219-v1:0",
      "eu.anthropic.claude-sonnet-4-20250514-v1:0",
      "anthropic.claude-opus-4-1-20250805-v1:0",
      "meta.llama3-1-70b-instruct-v1:0",
      "us.meta.llama3-3-70b-instruct-v1:0",
      "mistral.mistral-large-2407-v1:0",
      "mistral.mistral-small-2402-v1:0",
      "amazon.nova-micro-v1:0",
    ]) {
      expect(batchCapability(chat(id))).toMatchObject({ enabled: true, minRecords: 100, maxRecords: 50_000, body: "converse", invocationType: "Converse" });
    }
  });

  it("GIVEN Nova Lite/Pro/Premier and Micro WHEN asked about video THEN only the multimodal ones read video from S3", () => {
    expect(batchCapability(chat("us.amazon.nova-lite-v1:0")).s3Video).toBe(true);
    expect(batchCapability(chat("amazon.nova-pro-v1:0")).s3Video).toBe(true);
    expect(batchCapability(chat("us.amazon.nova-premier-v1:0")).s3Video).toBe(true);
    expect(batchCapability(chat("amazon.nova-micro-v1:0")).s3Video).toBe(false);
    expect(batchCapability(chat("anthropic.claude-3-5-sonnet-20240620-v1:0")).s3Video).toBe(false);
  });

  it("GIVEN Llama 4 Scout behind a profile WHEN asked THEN its minimum is 50", () => {
    expect(batchCapability(chat("us.meta.llama4-scout-17b-instruct-v1:0"))).toEqual({
      enabled: true,
      family: "Meta Llama 4 Scout",
      minRecords: 50,
      maxRecords: 50_000,
      body: "converse",
      invocationType: "Converse",
      s3Video: false,
    });
  });

  it("GIVEN the Titan embedding models WHEN asked THEN they batch as InvokeModel with their native bodies", () => {
    expect(batchCapability({ model_identifier: "amazon.titan-embed-text-v2:0", kind: "embedding" })).toMatchObject({
      enabled: true,
      body: "titan-text-embed-v2",
      invocationType: "InvokeModel",
    });
    expect(batchCapability({ model_identifier: "amazon.titan-embed-image-v1", kind: "embedding" })).toMatchObject({
      enabled: true,
      body: "titan-multimodal-embed-g1",
      invocationType: "InvokeModel",
    });
  });

  it("GIVEN models outside the known families WHEN asked THEN they are not enabled unless config says so", () => {
    expect(batchCapability(chat("anthropic.claude-v2"))).toMatchObject({ enabled: false, body: "converse" });
    expect(batchCapability(chat("cohere.command-r-v1:0", { enabled: true }))).toMatchObject({ enabled: true, minRecords: 100 });
    expect(batchCapability({ model_identifier: "cohere.embed-english-v3", kind: "embedding" })).toEqual({
      enabled: false,
      minRecords: 100,
      maxRecords: 50_000,
      invocationType: "InvokeModel",
      s3Video: false,
    });
  });

  it("GIVEN config overrides WHEN asked THEN they win over the family defaults", () => {
    expect(batchCapability(chat("amazon.nova-pro-v1:0", { enabled: false, min_records: 10, max_records: 1000 }))).toMatchObject({
      enabled: false,
      minRecords: 10,
      maxRecords: 1000,
    });
  });
});
