/**
 * The tool loop: call the model; while it stops for `tool_use`, run the requested tools (concurrently), answer with
 * `toolResult`s, and call it again, until it stops for another reason or `maxRounds` tool rounds have run. Yields the
 * same `ConverseEvent`s as `converse()` across all rounds, plus a `toolResult` per tool run and one final `stop`.
 */
import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { ConverseEvent, ConverseTurn } from "../converse/converse-events.ts";
import { converse, type ConverseClient, type TurnRequest } from "../converse/converse.ts";
import type { StopReason } from "../converse/map-stop-reason.ts";
import { addUsage, ZERO_USAGE, type TurnUsage } from "../usage/turn-usage.ts";
import type { ToolRegistry } from "./tool-registry.ts";

export interface ToolLoopRequest extends Omit<TurnRequest, "toolConfig"> {
  registry: ToolRegistry;
  /** Tool rounds allowed before stopping with `max_rounds` (`bot.max_rounds`). */
  maxRounds: number;
}

export interface ToolLoopResult {
  /** What the loop appended after the request's messages: assistant turns and the user turns carrying tool results. */
  newMessages: Message[];
  /** All answer text, rounds separated by a blank line (exactly what the `text` deltas spelled). */
  text: string;
  stopReason: StopReason;
  /** Summed over all model calls. */
  usage: TurnUsage;
  costUsd: number;
  /** Model calls made. */
  modelCalls: number;
  warnings: string[];
}

/** Put between the text of two rounds, so "Let me check." and "It is 14:05." do not run together. */
const ROUND_SEPARATOR = "\n\n";

export async function* runToolLoop(client: ConverseClient, request: ToolLoopRequest): AsyncGenerator<ConverseEvent, ToolLoopResult> {
  const { registry, maxRounds, ...turnRequest } = request;
  const toolConfig = registry.toolConfiguration();
  const messages = [...request.messages];
  const newMessages: Message[] = [];
  const warnings: string[] = [];
  let text = "";
  let usage = ZERO_USAGE;
  let costUsd = 0;
  let modelCalls = 0;
  let toolRounds = 0;
  const append = (message: Message) => {
    messages.push(message);
    newMessages.push(message);
  };
  const result = (stopReason: StopReason): ToolLoopResult => ({ newMessages, text, stopReason, usage, costUsd, modelCalls, warnings });

  for (;;) {
    const turns = converse(client, { ...turnRequest, messages: [...messages], ...(toolConfig === undefined ? {} : { toolConfig }) });
    const roundStartsAfterText = text !== "";
    let roundText = false;
    let step = await turns.next();
    try {
      while (step.done !== true) {
        const event = step.value;
        if (event.type === "text" && !roundText) {
          roundText = true;
          if (roundStartsAfterText) {
            text += ROUND_SEPARATOR;
            yield { type: "text", delta: ROUND_SEPARATOR };
          }
        }
        if (event.type === "text") text += event.delta;
        if (event.type === "warning") warnings.push(event.message);
        if (event.type !== "stop") yield event; // one stop, at the very end
        step = await turns.next();
      }
    } finally {
      // The consumer may stop listening mid-answer: close the turn so its response stream is released.
      if (step.done !== true) await turns.return(undefined as never);
    }
    const turn: ConverseTurn = step.value;
    modelCalls += 1;
    usage = addUsage(usage, turn.usage);
    costUsd += turn.costUsd;
    append(turn.message);

    if (turn.stopReason !== "tool_use" || turn.toolCalls.length === 0) {
      yield { type: "stop", stopReason: turn.stopReason };
      return result(turn.stopReason);
    }
    if (toolRounds >= maxRounds) {
      const warning = `Stopped after ${maxRounds} rounds of tool calls (max_rounds); the answer may be incomplete.`;
      warnings.push(warning);
      yield { type: "warning", message: warning };
      yield { type: "stop", stopReason: "max_rounds" };
      return result("max_rounds");
    }
    toolRounds += 1;
    // Several calls in one turn are independent by Converse's contract: run them together, answer in call order.
    const runs = await Promise.all(turn.toolCalls.map((call) => registry.run(call, request.abortSignal)));
    const content: ContentBlock[] = [];
    for (const [index, run] of runs.entries()) {
      const call = turn.toolCalls[index];
      if (call === undefined) continue;
      yield { type: "toolResult", toolUseId: call.toolUseId, name: call.name, status: run.status, output: run.output };
      content.push({ toolResult: run.result });
    }
    append({ role: "user", content });
  }
}
