/**
 * Native InvokeModel bodies of the Titan embedding models (the shapes of their InvokeModel API pages); their batch
 * results are vectors.
 */
import { toBase64, type JsonValue } from "./to-wire-json.ts";

export interface EmbeddingSettings {
  /** Titan Text Embeddings V2 vector size. */
  dimensions?: 256 | 512 | 1024;
  /** Titan Text Embeddings V2: unit-length vectors. */
  normalize?: boolean;
  /** Titan Multimodal Embeddings G1 vector size. */
  outputEmbeddingLength?: 256 | 384 | 1024;
}

/** The models' own defaults, sent explicitly so a record says what it asked for. */
const DEFAULT_EMBEDDING_SETTINGS = {
  dimensions: 1024,
  normalize: true,
  outputEmbeddingLength: 1024,
} as const satisfies Required<EmbeddingSettings>;

export const TITAN_LIMITS = {
  /** Titan Text Embeddings V2: 8,192 tokens, about 50,000 characters. */
  textV2MaxChars: 50_000,
  /** Titan Multimodal Embeddings G1: images up to 25 MB. */
  multimodalMaxImageBytes: 25 * 1024 * 1024,
} as const;

/** `{inputText, dimensions, normalize}`. */
export function buildTitanTextEmbedBody(text: string, settings: EmbeddingSettings = {}): { [key: string]: JsonValue } {
  return {
    inputText: text,
    dimensions: settings.dimensions ?? DEFAULT_EMBEDDING_SETTINGS.dimensions,
    normalize: settings.normalize ?? DEFAULT_EMBEDDING_SETTINGS.normalize,
  };
}

/** `{inputText?, inputImage? (base64), embeddingConfig: {outputEmbeddingLength}}`; at least one input is required. */
export function buildTitanMultimodalEmbedBody(input: { text?: string; image?: Uint8Array }, settings: EmbeddingSettings = {}): { [key: string]: JsonValue } {
  const body: { [key: string]: JsonValue } = {};
  if (input.text !== undefined && input.text !== "") body.inputText = input.text;
  if (input.image !== undefined) body.inputImage = toBase64(input.image);
  body.embeddingConfig = { outputEmbeddingLength: settings.outputEmbeddingLength ?? DEFAULT_EMBEDDING_SETTINGS.outputEmbeddingLength };
  return body;
}
