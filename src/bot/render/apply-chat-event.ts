/**
 * A streamed chat answer as a reducer: `applyChatEvent(state, event)` is pure and folds the tool loop's
 * `ConverseEvent`s — plus a `failure` the edge adds when the loop throws — into what the renderer shows: answer text,
 * hidden reasoning, tool usage, summed usage and cost, warnings, and how it ended.
 */
import type { CitedPassage } from "../../bedrock/citations/cited-passage.ts";
import type { ConverseEvent } from "../../bedrock/converse/converse-events.ts";
import type { StopReason } from "../../bedrock/converse/map-stop-reason.ts";
import { addUsage, ZERO_USAGE, type TurnUsage } from "../../bedrock/usage/turn-usage.ts";

/** One tool call, as the user sees it ("used calculator"). */
export interface ToolUse {
  toolUseId: string;
  name: string;
  status: "running" | "success" | "error";
}

export interface ChatState {
  /** The answer text so far (all rounds of the tool loop). */
  readonly answer: string;
  /** The model's reasoning; never shown in the answer (see `buttonsFor`: "Show reasoning"). */
  readonly reasoning: string;
  /** True while the newest delta was reasoning: the model is thinking, not yet answering. */
  readonly thinking: boolean;
  readonly tools: readonly ToolUse[];
  /** Summed over the model calls reported so far. */
  readonly usage: TurnUsage;
  readonly costUsd: number;
  /** Some of the usage is an estimate (a cut stream: Bedrock's counts never arrived); the footer says "~". */
  readonly estimated?: boolean;
  /** False once any call was served on a tier without configured prices: `costUsd` is then partly an estimate. */
  readonly costKnown: boolean;
  /** What prompt caching saved over the calls so far (net of the write premium). */
  readonly cacheSavedUsd: number;
  /** Tiers Bedrock said served the calls, without duplicates, in arrival order. */
  readonly serviceTiers: readonly string[];
  readonly modelCalls: number;
  /** Cited passages, numbered by position + 1 (the `[n]` marks in `answer`); the same passage cited twice is one. */
  readonly citations: readonly CitedPassage[];
  /** Set when a guardrail acted: whether it blocked, and which policies (for admins only, see `chat-buttons.ts`). */
  readonly guardrail?: { intervened: boolean; policies: readonly string[] };
  /** Sentences for the user, without duplicates, in arrival order. */
  readonly warnings: readonly string[];
  /** Set by `stop`: the answer is complete. */
  readonly stopReason?: StopReason;
  /** Set by `failure`: the line to show (from `renderFailure`). */
  readonly failure?: string;
}

/** The tool loop's events, plus the failure the edge reports when the loop throws (its line from `renderFailure`). */
export type ChatEvent = ConverseEvent | { type: "failure"; message: string };

export type ChatPhase = "generating" | "done" | "failed";

export const INITIAL_CHAT_STATE: ChatState = Object.freeze({
  answer: "",
  reasoning: "",
  thinking: false,
  tools: [],
  usage: ZERO_USAGE,
  costUsd: 0,
  costKnown: true,
  cacheSavedUsd: 0,
  serviceTiers: [],
  modelCalls: 0,
  citations: [],
  warnings: [],
});

export function chatPhase(state: ChatState): ChatPhase {
  if (state.failure !== undefined) return "failed";
  return state.stopReason === undefined ? "generating" : "done";
}

/** Once done or failed, the answer is frozen: later events only add warnings (the edge may still have some). */
export function applyChatEvent(state: ChatState, event: ChatEvent): ChatState {
  if (event.type === "warning") return state.warnings.includes(event.message) ? state : { ...state, warnings: [...state.warnings, event.message] };
  if (chatPhase(state) !== "generating") return state;
  switch (event.type) {
    case "text":
      return { ...state, answer: state.answer + event.delta, thinking: false };
    case "reasoning":
      return { ...state, reasoning: state.reasoning + event.delta, thinking: true };
    case "toolCall":
      return { ...state, thinking: false, tools: [...state.tools, { toolUseId: event.toolUseId, name: event.name, status: "running" }] };
    case "toolResult": {
      const known = state.tools.some((tool) => tool.toolUseId === event.toolUseId);
      const done: ToolUse = { toolUseId: event.toolUseId, name: event.name, status: event.status };
      const tools = known ? state.tools.map((tool) => (tool.toolUseId === event.toolUseId ? done : tool)) : [...state.tools, done];
      return { ...state, tools };
    }
    case "usage": {
      const { type: _type, costUsd, costKnown, cacheSavedUsd, serviceTier, estimated, ...usage } = event;
      const serviceTiers = serviceTier === undefined || state.serviceTiers.includes(serviceTier) ? state.serviceTiers : [...state.serviceTiers, serviceTier];
      const next = {
        ...state,
        usage: addUsage(state.usage, usage),
        costUsd: state.costUsd + costUsd,
        costKnown: state.costKnown && costKnown,
        cacheSavedUsd: state.cacheSavedUsd + cacheSavedUsd,
        serviceTiers,
        modelCalls: state.modelCalls + 1,
      };
      return estimated === true ? { ...next, estimated: true } : next;
    }
    case "citation":
      return addCitation(state, event.passage);
    case "guardrail": {
      const policies = [...new Set([...(state.guardrail?.policies ?? []), ...event.policies])];
      return { ...state, guardrail: { intervened: (state.guardrail?.intervened ?? false) || event.intervened, policies } };
    }
    case "stop":
      return { ...state, stopReason: event.stopReason, thinking: false };
    case "failure":
      return { ...state, failure: event.message, thinking: false };
    default: {
      const unhandled: never = event;
      throw new Error(`unknown chat event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Marks the answer with the passage's number, `[n]`, right after the text that cites it (once per spot). */
function addCitation(state: ChatState, passage: CitedPassage): ChatState {
  const known = state.citations.findIndex((other) => JSON.stringify(other) === JSON.stringify(passage));
  const citations = known === -1 ? [...state.citations, passage] : state.citations;
  const mark = `[${(known === -1 ? citations.length : known + 1).toString()}]`;
  const answer = state.answer.endsWith(mark) ? state.answer : `${state.answer.trimEnd()}${mark}`;
  return { ...state, citations, answer };
}
