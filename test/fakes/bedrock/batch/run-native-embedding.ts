/**
 * InvokeModel-type records of the Titan embedding models (batch records and the runtime's InvokeModel alike). The
 * vector is made up but deterministic and a little meaningful: text is a hashed bag of words (each word adds a fixed
 * sparse +-1 pattern), so texts sharing words are near each other under cosine distance — enough for a
 * nearest-neighbour test. Input with no words falls back to floats from a SHA-256 stream.
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

/** Positions each word sets: few enough that unrelated texts stay nearly orthogonal. */
const POSITIONS_PER_WORD = 8;

/** `dimensions` floats: a hashed bag of the seed's words, or (no words) SHA-256 noise; unit length when `normalize`. */
function fakeEmbedding(seed: string, dimensions: number, normalize: boolean): number[] {
  const words = seed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const values = words.length === 0 ? noiseVector(seed, dimensions) : bagOfWords(words, dimensions);
  const norm = normalize ? Math.hypot(...values) || 1 : 1;
  return values.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}

function bagOfWords(words: readonly string[], dimensions: number): number[] {
  const values = new Array<number>(dimensions).fill(0);
  for (const word of words) {
    const bytes = createHash("sha256").update(word).digest();
    for (let position = 0; position < POSITIONS_PER_WORD; position++) {
      const at = bytes.readUInt16BE(position * 2) % dimensions;
      values[at] = (values[at] ?? 0) + ((bytes[16 + position] ?? 0) & 1 ? 1 : -1);
    }
  }
  return values;
}

/** Floats in [-1, 1) from SHA-256(block, seed). */
function noiseVector(seed: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const bytes = createHash("sha256").update(`${block}\n${seed}`).digest();
    for (let offset = 0; offset + 4 <= bytes.length && values.length < dimensions; offset += 4) {
      values.push((bytes.readUInt32BE(offset) / 2 ** 32) * 2 - 1);
    }
  }
  return values;
}
