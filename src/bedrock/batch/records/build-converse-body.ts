/**
 * Content blocks + run settings -> the `modelInput` of a Converse-type batch record: the Converse request without
 * `modelId` (Bedrock rejects it inside modelInput: "Extra inputs are not permitted") and without tools (rejected in
 * Converse-type batch), with bytes as base64.
 */
import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { toWireJson, type JsonValue } from "./to-wire-json.ts";

/** Per-run settings of chat records; unset fields are left to the model's defaults. */
export interface InferenceSettings {
  system?: string;
  maxTokens?: number;
  /** 0-1. */
  temperature?: number;
  /** 0-1. */
  topP?: number;
}

export function buildConverseBody(content: readonly ContentBlock[], settings: InferenceSettings): { [key: string]: JsonValue } {
  const body: { [key: string]: JsonValue } = { messages: [{ role: "user", content: toWireJson(content) }] };
  if (settings.system !== undefined && settings.system.trim() !== "") body.system = [{ text: settings.system }];
  const inferenceConfig = toWireJson({ maxTokens: settings.maxTokens, temperature: settings.temperature, topP: settings.topP });
  if (Object.keys(inferenceConfig as object).length > 0) body.inferenceConfig = inferenceConfig;
  return body;
}
