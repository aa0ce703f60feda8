/** The fake control plane's model catalogue through the real BedrockClient: per-region answers and AWS's errors. */
import { BedrockClient, GetFoundationModelCommand, GetInferenceProfileCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBedrock, type FakeBedrock } from "../../bedrock/index.ts";

let fake: FakeBedrock;
beforeAll(async () => {
  fake = await startFakeBedrock();
});
afterAll(async () => fake.close());

const client = (region: string) => new BedrockClient({ endpoint: fake.url, region, credentials: { accessKeyId: "AKID", secretAccessKey: "x" }, maxAttempts: 1 });

describe("fake Bedrock model catalogue", () => {
  it("GIVEN us-east-1 WHEN listing on-demand Amazon models THEN only those offered on demand there", async () => {
    const { modelSummaries } = await client("us-east-1").send(new ListFoundationModelsCommand({ byProvider: "Amazon", byInferenceType: "ON_DEMAND" }));
    expect(modelSummaries?.map((model) => model.modelId)).toEqual(["amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "amazon.titan-embed-text-v2:0"]);
  });

  it("GIVEN a model only in other regions WHEN asked in us-east-1 THEN ResourceNotFoundException; in eu-central-1 its details", async () => {
    await expect(client("us-east-1").send(new GetFoundationModelCommand({ modelIdentifier: "amazon.titan-embed-text-v2:0" }))).resolves.toMatchObject({ modelDetails: { modelName: "Titan Text Embeddings V2" } });
    await expect(client("ap-south-1").send(new GetFoundationModelCommand({ modelIdentifier: "amazon.nova-lite-v1:0" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const { modelDetails } = await client("eu-central-1").send(new GetFoundationModelCommand({ modelIdentifier: "anthropic.claude-sonnet-4-20250514-v1:0" }));
    expect(modelDetails?.modelArn).toBe("arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
    expect(modelDetails?.inferenceTypesSupported).toEqual(["INFERENCE_PROFILE"]);
  });

  it("GIVEN a profile WHEN asked in a region of its geography THEN its ARN and every routed model; elsewhere not found", async () => {
    const profile = await client("us-west-2").send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: "us.amazon.nova-lite-v1:0" }));
    expect(profile.inferenceProfileArn).toBe("arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.amazon.nova-lite-v1:0");
    expect(profile.models?.map((model) => model.modelArn)).toEqual([
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
      "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-lite-v1:0",
      "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0",
    ]);
    expect(profile.type).toBe("SYSTEM_DEFINED");
    await expect(client("eu-west-1").send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: "us.amazon.nova-lite-v1:0" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(fake.models.requests.map((request) => request.operation)).toContain("ListFoundationModels");
  });
});
