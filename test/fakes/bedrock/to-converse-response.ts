/** A model reply as the JSON body of a Converse response (also the `modelOutput` of a Converse-type batch record). */
import type { ModelReply } from "./converse-wire.ts";

export function toConverseResponse(reply: ModelReply, latencyMs: number): Record<string, unknown> {
  return {
    output: { message: { role: "assistant", content: reply.content } },
    stopReason: reply.stopReason,
    usage: reply.usage,
    metrics: { latencyMs },
    ...(reply.serviceTier === undefined ? {} : { serviceTier: { type: reply.serviceTier } }),
    ...(reply.trace === undefined ? {} : { trace: reply.trace }),
  };
}
