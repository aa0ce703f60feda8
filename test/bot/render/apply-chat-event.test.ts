import { describe, expect, it } from "vitest";
import { applyChatEvent, chatPhase, INITIAL_CHAT_STATE, type ChatEvent, type ChatState } from "../../../src/bot/render/apply-chat-event.ts";

const fold = (events: ChatEvent[], from: ChatState = INITIAL_CHAT_STATE) => events.reduce(applyChatEvent, from);
const usage = (inputTokens: number, outputTokens: number, costUsd: number): ChatEvent => ({
  type: "usage",
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
  costUsd,
  costKnown: true,
  cacheSavedUsd: 0,
});

describe("applyChatEvent", () => {
  it("GIVEN reasoning then text WHEN applied THEN both accumulate and thinking ends with the first text", () => {
    const thinking = fold([
      { type: "reasoning", delta: "The user wants " },
      { type: "reasoning", delta: "a greeting." },
    ]);
    expect(thinking).toEqual({ ...INITIAL_CHAT_STATE, reasoning: "The user wants a greeting.", thinking: true });

    const answering = fold([{ type: "text", delta: "Hel" }, { type: "text", delta: "lo!" }], thinking);
    expect(answering).toEqual({ ...INITIAL_CHAT_STATE, reasoning: "The user wants a greeting.", answer: "Hello!" });
    expect(chatPhase(answering)).toEqual("generating");
  });

  it("GIVEN a tool round of two calls WHEN applied THEN each call runs until its result, and usage sums over model calls", () => {
    const state = fold([
      { type: "toolCall", toolUseId: "t1", name: "calculator", input: { expression: "2+2" } },
      { type: "toolCall", toolUseId: "t2", name: "weather", input: { city: "Paris" } },
      usage(100, 20, 0.0006),
      { type: "toolResult", toolUseId: "t1", name: "calculator", status: "success", output: "4" },
      { type: "toolResult", toolUseId: "t2", name: "weather", status: "error", output: "weather failed" },
      usage(200, 30, 0.00105),
    ]);

    expect(state).toEqual({
      ...INITIAL_CHAT_STATE,
      tools: [
        { toolUseId: "t1", name: "calculator", status: "success" },
        { toolUseId: "t2", name: "weather", status: "error" },
      ],
      usage: { inputTokens: 300, outputTokens: 50, totalTokens: 350, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      costUsd: 0.0006 + 0.00105,
      modelCalls: 2,
    });
  });

  it("GIVEN the same warning twice WHEN applied THEN it is kept once", () => {
    const warning: ChatEvent = { type: "warning", message: 'dropped "big.png": image is 5.2 MB, Bedrock accepts at most 3.75 MB' };

    expect(fold([warning, warning]).warnings).toEqual([warning.message]);
  });

  it("GIVEN a stop WHEN more content arrives THEN the answer is frozen but warnings are still added", () => {
    const state = fold([
      { type: "text", delta: "Done." },
      { type: "stop", stopReason: "end_turn" },
      { type: "text", delta: " Extra." },
      { type: "failure", message: "❌ late" },
      { type: "warning", message: "Usage could not be saved." },
    ]);

    expect(state).toEqual({ ...INITIAL_CHAT_STATE, answer: "Done.", stopReason: "end_turn", warnings: ["Usage could not be saved."] });
    expect(chatPhase(state)).toEqual("done");
  });

  it("GIVEN a failure mid-stream WHEN applied THEN the partial answer stays and the phase is failed", () => {
    const state = fold([
      { type: "reasoning", delta: "hmm" },
      { type: "failure", message: "❌ Bedrock is throttling requests." },
    ]);

    expect(state).toEqual({ ...INITIAL_CHAT_STATE, reasoning: "hmm", failure: "❌ Bedrock is throttling requests." });
    expect(chatPhase(state)).toEqual("failed");
  });
});
