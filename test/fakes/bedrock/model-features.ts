/**
 * What the fake knows of each model's prompt caching and service tiers, written from the AWS docs on purpose apart
 * from the project's own table (src/bedrock/cache/prompt-cache-support.ts): a shared misreading would pass both.
 *
 * - Prompt caching: AWS Bedrock User Guide, "Prompt caching for faster model inference", supported models table
 *   (minimum tokens per checkpoint, 4 checkpoints at most, tools checkpoints for Claude only, 1-hour TTL for
 *   Claude Sonnet 4.5 / Opus 4.5 / Haiku 4.5).
 * - Service tiers: AWS Bedrock User Guide, "Service tiers for optimizing performance and cost", table of models
 *   supporting Priority and Flex (gpt-oss, Nova 2); every model serves "default".
 */

export interface FakeCacheModel {
  minTokens: number;
  tools: boolean;
  oneHour: boolean;
}

const CACHE_MODELS: readonly (FakeCacheModel & { id: string })[] = [
  { id: "anthropic.claude-3-7-sonnet", minTokens: 1024, tools: true, oneHour: false },
  { id: "anthropic.claude-3-5-haiku", minTokens: 2048, tools: true, oneHour: false },
  { id: "anthropic.claude-sonnet-4-5", minTokens: 1024, tools: true, oneHour: true },
  { id: "anthropic.claude-sonnet-4", minTokens: 1024, tools: true, oneHour: false },
  { id: "anthropic.claude-opus-4-5", minTokens: 4096, tools: true, oneHour: true },
  { id: "anthropic.claude-opus-4", minTokens: 1024, tools: true, oneHour: false },
  { id: "anthropic.claude-haiku-4-5", minTokens: 4096, tools: true, oneHour: true },
  { id: "amazon.nova-micro", minTokens: 1000, tools: false, oneHour: false },
  { id: "amazon.nova-lite", minTokens: 1000, tools: false, oneHour: false },
  { id: "amazon.nova-pro", minTokens: 1000, tools: false, oneHour: false },
  { id: "amazon.nova-premier", minTokens: 1000, tools: false, oneHour: false },
];

const TIERED_MODELS = ["openai.gpt-oss-120b", "openai.gpt-oss-20b", "amazon.nova-2-lite", "amazon.nova-2-pro"];

/** `us.anthropic.claude-...` or an inference-profile ARN -> `anthropic.claude-...`. */
function baseId(modelId: string): string {
  return modelId.slice(modelId.lastIndexOf("/") + 1).replace(/^(us|eu|apac|global|us-gov|jp|au|ca)\./, "");
}

export function fakeCacheModel(modelId: string): FakeCacheModel | undefined {
  const id = baseId(modelId);
  return CACHE_MODELS.filter((entry) => id.startsWith(entry.id)).sort((a, b) => b.id.length - a.id.length)[0];
}

/** Tiers a model serves on demand ("reserved" needs a reservation the fake never has). */
export function fakeServiceTiers(modelId: string): readonly string[] {
  const id = baseId(modelId);
  return TIERED_MODELS.some((prefix) => id.startsWith(prefix)) ? ["default", "priority", "flex"] : ["default"];
}
