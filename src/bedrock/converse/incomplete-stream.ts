/**
 * A ConverseStream that ended before Bedrock finished (no `messageStop`, or a frame cut in half): the model ran and is
 * billed, but Bedrock's token counts (in the final `metadata` event) never arrived. The turn becomes an error the user
 * sees, and its tokens are ESTIMATED from what was sent and what arrived, so the spend cap counts them instead of $0.
 */
import type { ConverseRequest } from "@aws-sdk/client-bedrock-runtime";
import { estimateContentTokens, estimateTextTokens } from "../batch/records/estimate-input-tokens.ts";
import { BedrockError } from "../errors/bedrock-error.ts";
import type { TurnUsage } from "../usage/turn-usage.ts";
import { formatUsd } from "../../format/format-usd.ts";
import type { StreamState } from "./apply-stream-event.ts";

/** Input tokens of the request (system prompt and every message) and output tokens of what streamed, estimated. */
export function estimateStreamUsage(input: ConverseRequest, state: StreamState): TurnUsage {
  const system = (input.system ?? []).map((block) => block.text ?? "").join("\n");
  const content = (input.messages ?? []).flatMap((message) => message.content ?? []);
  const inputTokens = estimateContentTokens(content, system);
  let streamed = "";
  for (const block of state.blocks) {
    if (block === undefined) continue;
    streamed += block.kind === "toolUse" ? block.name + block.inputJson : block.text;
  }
  const outputTokens = estimateTextTokens(streamed);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
}

export interface IncompleteStream {
  modelId: string;
  /** What the SDK said, when the cut was inside a frame; absent when the stream simply ended early. */
  cause?: unknown;
  usage: TurnUsage;
  costUsd: number;
}

export function incompleteStreamError({ modelId, cause, usage, costUsd }: IncompleteStream): BedrockError {
  const how = cause === undefined ? "the stream ended without messageStop" : "the stream stopped inside an event";
  return new BedrockError(
    {
      kind: "incomplete",
      modelId,
      operation: "ConverseStream",
      awsName: "IncompleteStream",
      awsMessage: `${how}; Bedrock's token counts never arrived`,
      midStream: true,
      userMessage:
        `The answer from \`${modelId}\` was cut off: the connection ended before Bedrock finished sending it, so what you see may be incomplete. ` +
        `Bedrock's token counts never arrived; about ${usage.inputTokens} input and ${usage.outputTokens} output tokens (~${formatUsd(costUsd)}) were estimated ` +
        "and counted against the spend cap. Try again.",
      expected: false,
    },
    { cause },
  );
}
