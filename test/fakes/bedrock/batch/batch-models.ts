/**
 * Which models the fake accepts for batch inference and what each takes: the batch-capable families of AWS's batch
 * inference documentation, written independently of the project's own capability table (the fake must catch its
 * mistakes, not share them).
 */

/** The InvokeModel-type body a model takes (Converse-type jobs use the Converse body for every chat model). */
type NativeBody = "anthropic-messages" | "nova-messages-v1" | "llama-prompt" | "mistral-prompt" | "titan-embed-text-v2" | "titan-embed-image-v1";

export interface BatchModel {
  /** Foundation model id, without geography prefix or ARN: `anthropic.claude-3-5-haiku-20241022-v1:0`. */
  baseModelId: string;
  nativeBody: NativeBody;
  /** Chat models accept Converse-type jobs; embedding models don't. */
  converse: boolean;
  /** Whether records may reference media by `s3Location` (Nova); others must inline bytes. */
  s3Media: boolean;
  /** Default quota: minimum records per job. */
  minRecords: number;
  /** Default quota: total input bytes per job. */
  maxJobBytes: number;
}

const GB = 1024 ** 3;

interface Family {
  pattern: RegExp;
  nativeBody: NativeBody;
  converse: boolean;
  s3Media?: boolean;
  minRecords?: number;
  maxJobBytes?: number;
}

/** First match wins. Quotas: 100 records minimum (Llama 4 Scout 50), 5 GB per job (Nova Pro 100 GB). */
const FAMILIES: readonly Family[] = [
  // Claude 3, 3.5, 3.7 (claude-3-*) and 4 (claude-sonnet-4*, claude-opus-4*, claude-haiku-4*).
  { pattern: /^anthropic\.claude-(3-|(sonnet|opus|haiku)-4)/, nativeBody: "anthropic-messages", converse: true },
  { pattern: /^amazon\.nova-pro-/, nativeBody: "nova-messages-v1", converse: true, s3Media: true, maxJobBytes: 100 * GB },
  { pattern: /^amazon\.nova-(micro|lite|premier)-/, nativeBody: "nova-messages-v1", converse: true, s3Media: true },
  { pattern: /^meta\.llama4-scout-/, nativeBody: "llama-prompt", converse: true, minRecords: 50 },
  { pattern: /^meta\.llama(3-[123]|4)-/, nativeBody: "llama-prompt", converse: true },
  { pattern: /^mistral\.mistral-(large-2407|small-)/, nativeBody: "mistral-prompt", converse: true },
  { pattern: /^amazon\.titan-embed-text-v2/, nativeBody: "titan-embed-text-v2", converse: false },
  { pattern: /^amazon\.titan-embed-image-v1/, nativeBody: "titan-embed-image-v1", converse: false },
];

/** Geography prefixes of cross-region inference profiles: `us.anthropic...`, `eu.amazon.nova...`. */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

/** Foundation-model or inference-profile ARN: the id is what follows the last `/`. */
const MODEL_ARN = /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]*:[0-9]*:(foundation-model|inference-profile)\/(.+)$/;

/** The model behind an id, profile id or ARN, or undefined when it can't run batch inference. */
export function findBatchModel(modelId: string): BatchModel | undefined {
  const fromArn = MODEL_ARN.exec(modelId)?.[3];
  const baseModelId = (fromArn ?? modelId).replace(PROFILE_PREFIX, "");
  const family = FAMILIES.find(({ pattern }) => pattern.test(baseModelId));
  if (family === undefined) return undefined;
  return {
    baseModelId,
    nativeBody: family.nativeBody,
    converse: family.converse,
    s3Media: family.s3Media ?? false,
    minRecords: family.minRecords ?? 100,
    maxJobBytes: family.maxJobBytes ?? 5 * GB,
  };
}
