/**
 * MoFox-Bot files list embedding models next to chat models without saying which is which (MoFox-Bot picks them by
 * task). Loaded as chat models, they would be offered by /model and fail on the first message, so a model whose
 * `kind` is not written and whose id is a known embedding model becomes `kind = "embedding"`, with a warning.
 */
import type { ConfigIssue } from "./format-config-issue.ts";
import type { ModelConfig } from "./schema.ts";

/**
 * Bedrock embedding model ids: Titan Text / Multimodal Embeddings (`amazon.titan-embed-*`), Cohere Embed
 * (`cohere.embed-*`), Nova Multimodal Embeddings (`amazon.nova-*-embeddings-*`), TwelveLabs Marengo
 * (`twelvelabs.marengo-embed-*`); with or without a geography prefix (`us.`), or at the end of an ARN.
 */
const EMBEDDING_ID = /[./-]embed(dings?)?[-:]/i;

export function isKnownEmbeddingModel(modelIdentifier: string): boolean {
  return EMBEDDING_ID.test(modelIdentifier);
}

/** The models with `kind` inferred where the file leaves it out, and a warning per inferred one. */
export function inferModelKinds(models: readonly ModelConfig[], written: readonly unknown[]): { models: ModelConfig[]; warnings: ConfigIssue[] } {
  const warnings: ConfigIssue[] = [];
  const inferred = models.map((model, index) => {
    const entry = written[index];
    const kindWritten = typeof entry === "object" && entry !== null && "kind" in entry;
    if (kindWritten || model.kind === "embedding" || !isKnownEmbeddingModel(model.model_identifier)) return model;
    warnings.push({
      path: ["models", index, "model_identifier"],
      message: `models "${model.name}" (${model.model_identifier}) is an embedding model: loaded as kind = "embedding" (only /batch embed uses it, /model does not offer it); write kind = "embedding" to silence this`,
    });
    return { ...model, kind: "embedding" as const };
  });
  return { models: inferred, warnings };
}
