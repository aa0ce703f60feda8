/**
 * `search`: a text -> its embedding by the sink's model (InvokeModel, the same body the batch records use, at the
 * dimension the sink already holds) -> the sink's nearest records with their metadata. The loop that shows a load
 * worked.
 */
import { InvokeModelCommand, type BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { ModelConfig } from "../../config/schema.ts";
import { UserFacingError } from "../errors/user-facing-error.ts";
import { batchCapability } from "../batch/records/batch-capability.ts";
import { buildTitanMultimodalEmbedBody, buildTitanTextEmbedBody, type EmbeddingSettings } from "../batch/records/build-titan-embed-body.ts";
import { parseTitanEmbeddingOutput } from "../batch/results/parse-titan-embedding-output.ts";
import type { SinkMatch, VectorSink } from "./vector-sink.ts";

/** The vector sizes the Titan models can produce (Text V2: dimensions; Multimodal G1: outputEmbeddingLength). */
const TEXT_DIMENSIONS = [256, 512, 1024] as const;
const MULTIMODAL_LENGTHS = [256, 384, 1024] as const;

function oneOf<T extends number>(choices: readonly T[], value: number | undefined): T | undefined {
  return choices.find((choice) => choice === value);
}

/** The model's InvokeModel body for `text`, asking for `dimension` when the sink already has one. */
function embedBody(model: ModelConfig, text: string, dimension: number | undefined): Record<string, unknown> {
  const { body } = batchCapability(model);
  const settings: EmbeddingSettings = {};
  switch (body) {
    case "titan-text-embed-v2": {
      const dimensions = oneOf(TEXT_DIMENSIONS, dimension);
      if (dimension !== undefined && dimensions === undefined) throw new UserFacingError(`The sink holds ${dimension}-dimension vectors, which ${model.name} does not produce.`);
      return buildTitanTextEmbedBody(text, { ...settings, ...(dimensions === undefined ? {} : { dimensions }) });
    }
    case "titan-multimodal-embed-g1": {
      const length = oneOf(MULTIMODAL_LENGTHS, dimension);
      if (dimension !== undefined && length === undefined) throw new UserFacingError(`The sink holds ${dimension}-dimension vectors, which ${model.name} does not produce.`);
      return buildTitanMultimodalEmbedBody({ text }, length === undefined ? settings : { outputEmbeddingLength: length });
    }
    case "converse":
    case undefined:
      throw new UserFacingError(`${model.name} is not an embedding model the bot can call; a sink's model must be a Titan embedding model.`);
    default: {
      const unexpected: never = body;
      throw new Error(`unknown body ${String(unexpected)}`);
    }
  }
}

async function embedText(runtime: BedrockRuntimeClient, model: ModelConfig, text: string, dimension?: number): Promise<number[]> {
  const response = await runtime.send(
    new InvokeModelCommand({ modelId: model.model_identifier, contentType: "application/json", accept: "application/json", body: JSON.stringify(embedBody(model, text, dimension)) }),
  );
  const parsed = parseTitanEmbeddingOutput(JSON.parse(new TextDecoder().decode(response.body)) as Record<string, unknown>);
  if ("unrecognized" in parsed) throw new Error(`${model.name} answered InvokeModel with ${parsed.unrecognized}`);
  return parsed.vector;
}

export interface SearchSinkInput {
  sink: VectorSink;
  runtime: BedrockRuntimeClient;
  model: ModelConfig;
  text: string;
  topK: number;
}

export async function searchSink(input: SearchSinkInput): Promise<SinkMatch[]> {
  if (input.text.trim() === "") throw new UserFacingError("Give some text to search for.");
  const dimension = await input.sink.dimension();
  if (dimension === undefined) throw new UserFacingError(`${input.sink.description} is empty: load an embedding run into it first (batch results --sink).`);
  const vector = await embedText(input.runtime, input.model, input.text, dimension);
  return input.sink.query(vector, input.topK);
}
