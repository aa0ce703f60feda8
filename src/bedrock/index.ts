/** The Bedrock core's public API: clients, one-turn converse, the tool loop, content building, cost and errors. */
export { createBedrockClients, bedrockClientConfigs, backoffDelayMs, type BedrockClients } from "./clients/create-bedrock-clients.ts";
export { BedrockClientPool } from "./clients/bedrock-client-pool.ts";
export { createConverseClient } from "./clients/converse-client.ts";

export { converse, buildConverseInput, shouldStream, type ConverseClient, type TurnRequest } from "./converse/converse.ts";
export type { ConverseEvent, ConverseTurn, ToolCall } from "./converse/converse-events.ts";
export { applyStreamEvent, streamedMessage, parseToolInput, INITIAL_STREAM_STATE, type StreamState, type StreamStep } from "./converse/apply-stream-event.ts";
export { mapStopReason, type StopReason, type MappedStopReason } from "./converse/map-stop-reason.ts";
export { turnFromConverseResponse } from "./converse/turn-from-response.ts";

export { ToolRegistry, defineTool, selectEnabledTools, inputJsonSchema, type Tool, type ToolContext, type ToolRun } from "./tools/tool-registry.ts";
export { runToolLoop, type ToolLoopRequest, type ToolLoopResult } from "./tools/run-tool-loop.ts";
export { createBuiltinTools, type BuiltinToolDeps } from "./tools/builtin/builtin-tools.ts";
export { createCalculatorTool, calculate } from "./tools/builtin/calculator.ts";
export { createCurrentTimeTool, currentTimeIn, isValidTimeZone, type CurrentTime } from "./tools/builtin/current-time.ts";

export {
  buildContentBlocks,
  DEFAULT_CONTENT_LIMITS,
  DOCUMENT_PROMPT,
  type BuiltContent,
  type CarriedMedia,
  type ContentLimits,
  type FileEntry,
} from "./content/build-content-blocks.ts";
export { detectMediaType, type DetectedMedia } from "./content/detect-media-type.ts";
export { sanitizeDocumentName, isValidDocumentName } from "./content/sanitize-document-name.ts";

export { costOfUsage, type CostOptions } from "./usage/cost-of-usage.ts";
export { addUsage, toTurnUsage, ZERO_USAGE, type TurnUsage } from "./usage/turn-usage.ts";

export { BedrockError, type BedrockErrorKind, type BedrockErrorDetails } from "./errors/bedrock-error.ts";
export { toBedrockError, type BedrockErrorContext } from "./errors/to-bedrock-error.ts";
export { UserFacingError } from "./errors/user-facing-error.ts";
