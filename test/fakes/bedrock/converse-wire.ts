/**
 * Converse shapes as they travel in JSON (bytes are base64 strings), for the parts the fake reads and writes. Bodies
 * are only read through these after `validateConverseRequest` accepted them.
 */

export interface WireSource {
  bytes?: string;
  s3Location?: { uri: string };
  text?: string;
}

export interface WireBlock {
  text?: string;
  json?: unknown;
  image?: { format: string; source: WireSource };
  document?: { format?: string; name: string; source: WireSource };
  video?: { format: string; source: WireSource };
  toolUse?: { toolUseId: string; name: string; input: unknown };
  toolResult?: { toolUseId: string; status?: "success" | "error"; content: WireBlock[] };
  reasoningContent?: { reasoningText?: { text: string; signature?: string } };
  cachePoint?: { type: string; ttl?: string };
}

export interface WireMessage {
  role: "user" | "assistant";
  content: WireBlock[];
}

export interface ConverseRequestBody {
  messages: WireMessage[];
  system?: WireBlock[];
  toolConfig?: { tools: Record<string, unknown>[] };
  serviceTier?: { type: string };
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
}

/** A block of the model's answer. */
export type ReplyBlock =
  | { text: string }
  | { reasoningContent: { reasoningText: { text: string; signature: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } };

export interface TokenUsage {
  /** Without the cached tokens, as Bedrock reports it. */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** What the model answered, before it is shaped into a Converse response or a ConverseStream. */
export interface ModelReply {
  content: ReplyBlock[];
  stopReason: string;
  usage: TokenUsage;
  /** The tier that served the call, echoed when the request named one. */
  serviceTier?: string;
}
