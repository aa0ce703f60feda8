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
  document?: { format?: string; name: string; source: WireSource; citations?: { enabled?: boolean } };
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
  guardrailConfig?: { guardrailIdentifier?: string; guardrailVersion?: string; trace?: string; streamProcessingMode?: string };
  system?: WireBlock[];
  toolConfig?: { tools: Record<string, unknown>[] };
  serviceTier?: { type: string };
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
}

/** A block of the model's answer. */
export type ReplyBlock =
  | { text: string }
  | { reasoningContent: { reasoningText: { text: string; signature: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { citationsContent: { content: { text: string }[]; citations: CitationWire[] } };

/** A citation as Converse sends it (and, in a stream, as one `citation` delta). */
interface CitationWire {
  title: string;
  sourceContent: { text: string }[];
  location: Record<string, unknown>;
}

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
  /** `trace` of the response (Converse) or of the stream's metadata event: a guardrail's assessment. */
  trace?: Record<string, unknown>;
}
