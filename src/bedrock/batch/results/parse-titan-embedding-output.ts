/**
 * Titan Text Embeddings V2 and Titan Multimodal Embeddings G1: `{embedding: number[], inputTextTokenCount}`. V2 asked
 * for `embeddingTypes` answers `embeddingsByType.float` (and may leave `embedding` out).
 */
import { describeKeys, isRecord, usageOf } from "./read-json-fields.ts";
import type { EmbeddingOutput, UnrecognizedOutput } from "./result-types.ts";

export function parseTitanEmbeddingOutput(body: Record<string, unknown>): EmbeddingOutput | UnrecognizedOutput {
  const vector: unknown = body.embedding ?? (isRecord(body.embeddingsByType) ? body.embeddingsByType.float : undefined);
  if (!Array.isArray(vector)) return { unrecognized: `embedding output without a float vector (${describeKeys(body)})` };
  if (!isNumberArray(vector)) return { unrecognized: "embedding has non-numeric values" };
  return {
    kind: "embedding",
    family: "titan-embedding",
    vector,
    // An embedding has no output tokens.
    usage: usageOf(body.inputTextTokenCount, 0),
  };
}

function isNumberArray(values: unknown[]): values is number[] {
  return values.every((value) => typeof value === "number");
}
