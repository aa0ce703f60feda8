import { describe, expect, it } from "vitest";
import { knownPromptCacheSupport, planPromptCache } from "../../../src/bedrock/cache/prompt-cache-support.ts";

describe("knownPromptCacheSupport", () => {
  it.each([
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", 1024],
    ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", 2048],
    ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", 1024],
    ["global.anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", 1024],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", 4096],
    ["amazon.nova-pro-v1:0", "Amazon Nova Pro", 1000],
  ])("GIVEN %s WHEN looked up THEN %s with its minimum per checkpoint", (modelId, family, minTokens) => {
    expect(knownPromptCacheSupport(modelId)).toMatchObject({ family, minTokensPerCheckpoint: minTokens, maxCheckpoints: 4 });
  });

  it("GIVEN Nova WHEN looked up THEN tools take no checkpoint; Claude's do", () => {
    expect(knownPromptCacheSupport("amazon.nova-lite-v1:0")?.toolsCheckpoint).toBe(false);
    expect(knownPromptCacheSupport("anthropic.claude-3-7-sonnet-20250219-v1:0")?.toolsCheckpoint).toBe(true);
  });

  it("GIVEN models without prompt caching WHEN looked up THEN unknown", () => {
    expect(knownPromptCacheSupport("meta.llama3-1-70b-instruct-v1:0")).toBeUndefined();
    expect(knownPromptCacheSupport("amazon.titan-embed-text-v2:0")).toBeUndefined();
  });

  it("GIVEN any entry THEN it names where the fact came from", () => {
    expect(knownPromptCacheSupport("amazon.nova-micro-v1:0")?.source).toMatch(/Prompt caching for faster model inference/);
  });
});

describe("planPromptCache", () => {
  const claude37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
  const haiku45 = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

  it("GIVEN no setting WHEN the model is known THEN on; unknown THEN off", () => {
    expect(planPromptCache({ model_identifier: claude37 }).enabled).toBe(true);
    expect(planPromptCache({ model_identifier: "meta.llama3-1-70b-instruct-v1:0" })).toEqual({ enabled: false, reason: "not known to support prompt caching" });
  });

  it("GIVEN prompt_cache = false WHEN the model is known THEN off", () => {
    expect(planPromptCache({ model_identifier: claude37, prompt_cache: false })).toEqual({ enabled: false, reason: "prompt_cache = false" });
  });

  it("GIVEN prompt_cache = true on an unlisted model THEN on with conservative limits and the config as source", () => {
    const plan = planPromptCache({ model_identifier: "anthropic.claude-future-9-v1:0", prompt_cache: true });

    expect(plan).toMatchObject({ enabled: true, support: { minTokensPerCheckpoint: 1024, maxCheckpoints: 4, source: "the config's prompt_cache setting" } });
  });

  it("GIVEN \"1h\" WHEN the model has the 1-hour cache THEN ttl 1h; WHEN not THEN 5 minutes and a warning", () => {
    expect(planPromptCache({ model_identifier: haiku45, prompt_cache: "1h" })).toMatchObject({ enabled: true, ttl: "1h" });
    const plan = planPromptCache({ model_identifier: claude37, prompt_cache: "1h" });
    expect(plan).toMatchObject({ enabled: true, warning: "Claude 3.7 Sonnet has no 1-hour prompt cache; using the 5-minute cache." });
    expect(plan.enabled && plan.ttl).toBeUndefined();
  });
});
