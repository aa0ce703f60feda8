/**
 * A Converse-type batch record -> the request of a live Converse call (the `on_demand` policy), pure. The record is
 * wire JSON (bytes as base64, media by placeholder `s3Location`); the SDK's typed input takes `Uint8Array` bytes, so
 * base64 is decoded and media the record carries is inlined.
 */
import type { InferenceConfiguration, Message, OutputConfig, SystemContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { BatchRecord } from "../batch-types.ts";
import { INPUT_FOLDER_PLACEHOLDER } from "../records/media-location.ts";

export interface LiveConverseRequest {
  messages: Message[];
  system?: SystemContentBlock[];
  inferenceConfig?: InferenceConfiguration;
  /** Structured output of a schema run (`buildConverseBody`). */
  outputConfig?: OutputConfig;
}

export function converseRequestFromRecord(record: Pick<BatchRecord, "recordId" | "modelInput" | "media">): LiveConverseRequest {
  const media = new Map((record.media ?? []).map((item) => [item.key, item.bytes]));
  const decode = (value: unknown, key: string | undefined): unknown => {
    if (key === "bytes" && typeof value === "string") return new Uint8Array(Buffer.from(value, "base64"));
    if (Array.isArray(value)) return value.map((item) => decode(item, undefined));
    if (typeof value !== "object" || value === null) return value;
    const inlined = key === "source" ? inlineMedia(value, media) : undefined;
    if (inlined !== undefined) return inlined;
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, decode(field, name)]));
  };
  const { messages, system, inferenceConfig, outputConfig } = record.modelInput;
  if (!Array.isArray(messages)) throw new Error(`record ${record.recordId} is not a Converse body (no messages)`);
  // The body came from buildConverseBody: Converse shapes, with bytes decoded above.
  return {
    messages: decode(messages, "messages") as Message[],
    ...(system === undefined ? {} : { system: decode(system, "system") as SystemContentBlock[] }),
    ...(inferenceConfig === undefined ? {} : { inferenceConfig: inferenceConfig as InferenceConfiguration }),
    ...(outputConfig === undefined ? {} : { outputConfig: outputConfig as OutputConfig }),
  };
}

/** `{s3Location: {uri: "s3://<input-folder>/media/..."}}` -> `{bytes}` from the record's media. */
function inlineMedia(source: object, media: ReadonlyMap<string, Uint8Array>): { bytes: Uint8Array } | undefined {
  const location: unknown = (source as { s3Location?: unknown }).s3Location;
  const uri: unknown = typeof location === "object" && location !== null ? (location as { uri?: unknown }).uri : undefined;
  if (typeof uri !== "string" || !uri.startsWith(INPUT_FOLDER_PLACEHOLDER)) return undefined;
  const bytes = media.get(uri.slice(INPUT_FOLDER_PLACEHOLDER.length));
  return bytes === undefined ? undefined : { bytes };
}
