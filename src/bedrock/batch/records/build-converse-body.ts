/**
 * Content blocks + run settings -> the `modelInput` of a Converse-type batch record: the Converse request without
 * `modelId` (Bedrock rejects it inside modelInput: "Extra inputs are not permitted") and without tools (rejected in
 * Converse-type batch), with bytes as base64.
 */
import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { schemaInstruction, type OutputSchema } from "../structured/output-schema.ts";
import { toWireJson, type JsonValue } from "./to-wire-json.ts";

/** Per-run settings of chat records; unset fields are left to the model's defaults. */
export interface InferenceSettings {
  system?: string;
  maxTokens?: number;
  /** 0-1. */
  temperature?: number;
  /** 0-1. */
  topP?: number;
  /** Answers must follow this schema: as Converse structured output (`native`), else described in the system prompt. */
  outputSchema?: OutputSchema;
}

export function buildConverseBody(content: readonly ContentBlock[], settings: InferenceSettings): { [key: string]: JsonValue } {
  const body: { [key: string]: JsonValue } = { messages: [{ role: "user", content: toWireJson(content) }] };
  const { outputSchema } = settings;
  const system = [settings.system ?? "", outputSchema === undefined || outputSchema.native ? "" : schemaInstruction(outputSchema)].filter((text) => text.trim() !== "").join("\n\n");
  if (system !== "") body.system = [{ text: system }];
  if (outputSchema?.native === true) {
    body.outputConfig = { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: outputSchema.json, name: outputSchema.name } } } };
  }
  const inferenceConfig = toWireJson({ maxTokens: settings.maxTokens, temperature: settings.temperature, topP: settings.topP });
  if (Object.keys(inferenceConfig as object).length > 0) body.inferenceConfig = inferenceConfig;
  return body;
}
