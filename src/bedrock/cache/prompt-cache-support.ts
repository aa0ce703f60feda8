/**
 * Which models accept Converse `cachePoint` blocks, and their limits: the ONE table of known prompt-cache support.
 * A model not listed here gets no cachePoint unless its config says `prompt_cache = true` (Bedrock refuses
 * cachePoint on models without prompt caching, so guessing would break answers).
 *
 * Source of every entry unless its `source` says otherwise: AWS, Amazon Bedrock User Guide, "Prompt caching for
 * faster model inference" (docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html), section "Supported
 * models, Regions, and limits": minimum tokens per cache checkpoint, at most 4 checkpoints per request, the fields
 * that accept checkpoints (Claude: system, messages and tools; Nova: system and messages), and the 1-hour TTL for
 * the newest Claude models (others: 5 minutes).
 */

export type CacheTtl = "5m" | "1h";

export interface PromptCacheSupport {
  /** Family, for messages. */
  family: string;
  /** Tokens a checkpoint needs since the previous one (or the start): below it Bedrock silently caches nothing. */
  minTokensPerCheckpoint: number;
  maxCheckpoints: number;
  /** Whether a checkpoint may close `toolConfig.tools`. */
  toolsCheckpoint: boolean;
  ttls: readonly CacheTtl[];
  source: string;
}

const PROMPT_CACHING_PAGE = "AWS Bedrock User Guide, Prompt caching for faster model inference (supported models table)";
/** AWS: every model with prompt caching allows at most 4 cache checkpoints per request. */
const MAX_CACHE_CHECKPOINTS = 4;

interface Entry extends PromptCacheSupport {
  /** Matched against the model id with any region / inference-profile prefix and ARN path removed. */
  idPrefix: string;
}

const claude = (idPrefix: string, family: string, minTokensPerCheckpoint: number, ttls: readonly CacheTtl[] = ["5m"]): Entry => ({
  idPrefix,
  family,
  minTokensPerCheckpoint,
  maxCheckpoints: MAX_CACHE_CHECKPOINTS,
  toolsCheckpoint: true,
  ttls,
  source: PROMPT_CACHING_PAGE,
});
const nova = (idPrefix: string, family: string): Entry => ({
  idPrefix,
  family,
  // AWS lists "1K" tokens per checkpoint for Nova.
  minTokensPerCheckpoint: 1_000,
  maxCheckpoints: MAX_CACHE_CHECKPOINTS,
  toolsCheckpoint: false,
  ttls: ["5m"],
  source: PROMPT_CACHING_PAGE,
});

const KNOWN: readonly Entry[] = [
  claude("anthropic.claude-3-7-sonnet", "Claude 3.7 Sonnet", 1_024),
  claude("anthropic.claude-3-5-haiku", "Claude 3.5 Haiku", 2_048),
  claude("anthropic.claude-sonnet-4-5", "Claude Sonnet 4.5", 1_024, ["5m", "1h"]),
  claude("anthropic.claude-sonnet-4", "Claude Sonnet 4", 1_024),
  claude("anthropic.claude-opus-4-5", "Claude Opus 4.5", 4_096, ["5m", "1h"]),
  claude("anthropic.claude-opus-4-1", "Claude Opus 4.1", 1_024),
  claude("anthropic.claude-opus-4", "Claude Opus 4", 1_024),
  claude("anthropic.claude-haiku-4-5", "Claude Haiku 4.5", 4_096, ["5m", "1h"]),
  nova("amazon.nova-micro", "Amazon Nova Micro"),
  nova("amazon.nova-lite", "Amazon Nova Lite"),
  nova("amazon.nova-pro", "Amazon Nova Pro"),
  nova("amazon.nova-premier", "Amazon Nova Premier"),
];

/** What a model's `prompt_cache = true` means when the table does not know it: Claude-like, conservative limits. */
const ASSUMED_SUPPORT: PromptCacheSupport = {
  family: "unlisted model (prompt_cache = true in the config)",
  minTokensPerCheckpoint: 1_024,
  maxCheckpoints: MAX_CACHE_CHECKPOINTS,
  toolsCheckpoint: true,
  ttls: ["5m"],
  source: "the config's prompt_cache setting",
};

/** `us.anthropic.claude-3-7-sonnet-...`, `arn:...:inference-profile/eu.amazon.nova-pro-v1:0` -> the base model id. */
function baseModelId(modelId: string): string {
  const afterSlash = modelId.slice(modelId.lastIndexOf("/") + 1);
  return afterSlash.replace(/^(us-gov|us|eu|apac|ap|ca|jp|au|global)\./, "");
}

/** The table's entry for a model id (model id, inference profile id or ARN), or undefined when unknown. */
export function knownPromptCacheSupport(modelId: string): PromptCacheSupport | undefined {
  const id = baseModelId(modelId);
  // Longest prefix first, so "claude-sonnet-4-5" wins over "claude-sonnet-4".
  const match = [...KNOWN].sort((a, b) => b.idPrefix.length - a.idPrefix.length).find((entry) => id.startsWith(entry.idPrefix));
  if (match === undefined) return undefined;
  const { idPrefix: _idPrefix, ...support } = match;
  return support;
}

/** The cache a model uses: off, or its limits and the TTL to ask for (`ttl` set only when "1h" was asked and allowed). */
export type PromptCachePlan = { enabled: false; reason: string } | { enabled: true; support: PromptCacheSupport; ttl?: "1h"; warning?: string };

/** Resolves a model's `prompt_cache` setting against the table. */
export function planPromptCache(model: { model_identifier: string; prompt_cache?: boolean | CacheTtl | undefined }): PromptCachePlan {
  const known = knownPromptCacheSupport(model.model_identifier);
  const setting = model.prompt_cache;
  if (setting === false) return { enabled: false, reason: "prompt_cache = false" };
  if (setting === undefined) return known === undefined ? { enabled: false, reason: "not known to support prompt caching" } : { enabled: true, support: known };
  const support = known ?? ASSUMED_SUPPORT;
  if (setting !== "1h") return { enabled: true, support };
  if (support.ttls.includes("1h")) return { enabled: true, support, ttl: "1h" };
  return { enabled: true, support, warning: `${support.family} has no 1-hour prompt cache; using the 5-minute cache.` };
}
