/**
 * InvokeModel-type records of the Titan embedding models. The vector is made up but deterministic: floats from a
 * SHA-256 stream over the input, so the same input always embeds the same and different inputs differ.
 */
import { createHash } from "node:crypto";
import { textTokens } from "../scripted-model.ts";
import type { JsonObject } from "../validation-problem.ts";
import { malformedInput } from "./record-outcome.ts";
import type { RecordOutcome } from "./record-outcome.ts";

// Titan Text Embeddings V2: dimensions 256 | 512 | 1024 (default 1024), normalize default true, <= 50,000 chars.
const TEXT_V2_DIMENSIONS = [256, 512, 1024];
const TEXT_V2_MAX_CHARS = 50_000;
// Titan Multimodal Embeddings G1: outputEmbeddingLength 256 | 384 | 1024 (default 1024).
const MULTIMODAL_LENGTHS = [256, 384, 1024];

/** `{inputText, dimensions?, normalize?, embeddingTypes?}` -> `{embedding, inputTextTokenCount}`. */
export function runTitanTextEmbeddingRecord(body: JsonObject): RecordOutcome {
  const extra = Object.keys(body).find((key) => !["inputText", "dimensions", "normalize", "embeddingTypes"].includes(key));
  if (extra !== undefined) return malformedInput(`#: extraneous key [${extra}] is not permitted`);
  const { inputText, dimensions = 1024, normalize = true } = body;
  if (typeof inputText !== "string") return malformedInput("#: required key [inputText] not found");
  if (inputText.length === 0) return malformedInput("#/inputText: expected minLength: 1, actual: 0");
  if (inputText.length > TEXT_V2_MAX_CHARS) return malformedInput(`#/inputText: expected maxLength: ${TEXT_V2_MAX_CHARS}, actual: ${inputText.length}`);
  if (typeof dimensions !== "number" || !TEXT_V2_DIMENSIONS.includes(dimensions)) {
    return malformedInput(`#/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value`);
  }
  if (typeof normalize !== "boolean") return malformedInput(`#/normalize: expected type: Boolean, found: ${typeof normalize}`);
  const inputTokens = textTokens(inputText);
  return {
    kind: "output",
    modelOutput: { embedding: fakeEmbedding(inputText, dimensions, normalize), inputTextTokenCount: inputTokens },
    inputTokens,
    outputTokens: 0,
  };
}

/** `{inputText?, inputImage?, embeddingConfig?: {outputEmbeddingLength}}` -> `{embedding, inputTextTokenCount}`. */
export function runTitanMultimodalEmbeddingRecord(body: JsonObject): RecordOutcome {
  const extra = Object.keys(body).find((key) => !["inputText", "inputImage", "embeddingConfig"].includes(key));
  if (extra !== undefined) return malformedInput(`#: extraneous key [${extra}] is not permitted`);
  const { inputText, inputImage, embeddingConfig } = body;
  if (inputText === undefined && inputImage === undefined) return malformedInput("#: at least one of [inputText, inputImage] is required");
  if (inputText !== undefined && (typeof inputText !== "string" || inputText === "")) return malformedInput("#/inputText: expected a non-empty string");
  if (inputImage !== undefined && (typeof inputImage !== "string" || Buffer.byteLength(inputImage, "base64") === 0)) {
    return malformedInput("#/inputImage: expected a base64-encoded image");
  }
  const length = typeof embeddingConfig === "object" && embeddingConfig !== null ? (embeddingConfig as JsonObject).outputEmbeddingLength ?? 1024 : 1024;
  if (typeof length !== "number" || !MULTIMODAL_LENGTHS.includes(length)) {
    return malformedInput(`#/embeddingConfig/outputEmbeddingLength: ${JSON.stringify(length)} is not a valid enum value`);
  }
  const inputTokens = typeof inputText === "string" ? textTokens(inputText) : 0;
  const seed = `${typeof inputText === "string" ? inputText : ""}\n${typeof inputImage === "string" ? inputImage : ""}`;
  return { kind: "output", modelOutput: { embedding: fakeEmbedding(seed, length, true), inputTextTokenCount: inputTokens }, inputTokens, outputTokens: 0 };
}

/** `dimensions` floats in [-1, 1) from SHA-256(seed, block), unit length when `normalize`; 6 decimals. */
function fakeEmbedding(seed: string, dimensions: number, normalize: boolean): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const bytes = createHash("sha256").update(`${block}\n${seed}`).digest();
    for (let offset = 0; offset + 4 <= bytes.length && values.length < dimensions; offset += 4) {
      values.push((bytes.readUInt32BE(offset) / 2 ** 32) * 2 - 1);
    }
  }
  const norm = normalize ? Math.hypot(...values) || 1 : 1;
  return values.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}
