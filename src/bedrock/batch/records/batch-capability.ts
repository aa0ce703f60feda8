/**
 * What batch inference can do with a configured model: whether `/batch` may use it, its per-job record limits, the
 * record body it takes, and whether it reads video from S3.
 *
 * Config wins (`[models.batch]`); otherwise the families AWS documents as supporting batch inference decide, with the
 * AWS default quotas (100 / 50,000 records per job; Llama 4 Scout: 50).
 */
import { DEFAULTS, type ModelConfig } from "../../../config/schema.ts";

/** The record body a model takes in a batch job. */
export type BatchBodyKind = "converse" | "titan-text-embed-v2" | "titan-multimodal-embed-g1";

export interface BatchCapability {
  /** Whether `/batch` may use the model: `batch.enabled`, else whether its family is known to batch. */
  enabled: boolean;
  /** Known family (`Anthropic Claude`), undefined for ids we do not recognise. */
  family?: string;
  minRecords: number;
  maxRecords: number;
  /** Record body; undefined for an embedding model whose body we do not know. */
  body?: BatchBodyKind;
  /** `modelInvocationType` of the job: Converse bodies for chat models, native InvokeModel bodies for embeddings. */
  invocationType: "Converse" | "InvokeModel";
  /** Whether the model reads video through `s3Location` (Amazon Nova Lite, Pro, Premier). */
  s3Video: boolean;
}

interface Family {
  name: string;
  pattern: RegExp;
  body: BatchBodyKind;
  minRecords?: number;
  s3Video?: boolean;
}

/**
 * The model families AWS's batch inference documentation lists (Claude 3-4, Nova, Llama 3.1-4, Mistral Large 2 /
 * Small, Titan embeddings); the first match wins.
 */
const FAMILIES: readonly Family[] = [
  { name: "Anthropic Claude", pattern: /^anthropic\.claude-(3-|(sonnet|opus|haiku)-4)/, body: "converse" },
  // Nova Micro is text-only; Lite, Pro and Premier read images and video.
  { name: "Amazon Nova", pattern: /^amazon\.nova-(lite|pro|premier)-/, body: "converse", s3Video: true },
  { name: "Amazon Nova", pattern: /^amazon\.nova-micro-/, body: "converse" },
  { name: "Meta Llama 4 Scout", pattern: /^meta\.llama4-scout-/, body: "converse", minRecords: 50 },
  { name: "Meta Llama", pattern: /^meta\.llama(3-[123]|4)-/, body: "converse" },
  { name: "Mistral", pattern: /^mistral\.mistral-(large-2407|small-)/, body: "converse" },
  { name: "Titan Text Embeddings V2", pattern: /^amazon\.titan-embed-text-v2/, body: "titan-text-embed-v2" },
  { name: "Titan Multimodal Embeddings G1", pattern: /^amazon\.titan-embed-image-v1/, body: "titan-multimodal-embed-g1" },
];

/** Geography prefixes of cross-region inference profiles (`us.anthropic...`). */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

/**
 * The foundation-model id inside an identifier: `us.anthropic.claude-...` -> `anthropic.claude-...`;
 * `arn:aws:bedrock:...:inference-profile/eu.amazon.nova-pro-v1:0` -> `amazon.nova-pro-v1:0`.
 */
export function baseModelId(modelIdentifier: string): string {
  const afterArn = modelIdentifier.startsWith("arn:") ? modelIdentifier.slice(modelIdentifier.lastIndexOf("/") + 1) : modelIdentifier;
  return afterArn.replace(PROFILE_PREFIX, "");
}

export function batchCapability(model: Pick<ModelConfig, "model_identifier" | "kind" | "batch">): BatchCapability {
  const family = FAMILIES.find((candidate) => candidate.pattern.test(baseModelId(model.model_identifier)));
  const body = family?.body ?? (model.kind === "embedding" ? undefined : "converse");
  return {
    enabled: model.batch?.enabled ?? family !== undefined,
    ...(family === undefined ? {} : { family: family.name }),
    minRecords: model.batch?.min_records ?? family?.minRecords ?? DEFAULTS.batch.min_records,
    maxRecords: model.batch?.max_records ?? DEFAULTS.batch.max_records,
    ...(body === undefined ? {} : { body }),
    invocationType: body === "converse" ? "Converse" : "InvokeModel",
    s3Video: family?.s3Video === true,
  };
}
