import { describe, expect, it } from "vitest";
import { applyChatEvent, INITIAL_CHAT_STATE } from "../../../src/bot/render/apply-chat-event.ts";
import { buttonsFor, chatButtonId, parseChatButtonId } from "../../../src/bot/render/chat-buttons.ts";

describe("buttonsFor", () => {
  it("GIVEN an answer being generated WHEN asked THEN only Stop", () => {
    expect(buttonsFor(INITIAL_CHAT_STATE, "123")).toEqual([{ type: 1, components: [{ type: 2, style: 4, label: "Stop", custom_id: "bdb:stop:123" }] }]);
  });

  it("GIVEN a failed answer WHEN asked THEN Retry", () => {
    const failed = applyChatEvent(INITIAL_CHAT_STATE, { type: "failure", message: "❌ no" });

    expect(buttonsFor(failed, "123")).toEqual([{ type: 1, components: [{ type: 2, style: 2, label: "Retry", custom_id: "bdb:retry:123" }] }]);
  });

  it("GIVEN a finished answer with reasoning WHEN asked THEN Retry and Show reasoning", () => {
    const reasoned = applyChatEvent(INITIAL_CHAT_STATE, { type: "reasoning", delta: "step by step" });
    const done = applyChatEvent(reasoned, { type: "stop", stopReason: "end_turn" });

    expect(buttonsFor(done, "123")[0]?.components.map((button) => button.custom_id)).toEqual(["bdb:retry:123", "bdb:reasoning:123"]);
  });
});

describe("chatButtonId / parseChatButtonId", () => {
  it("GIVEN a snowflake run id WHEN encoded and parsed THEN the action and run come back", () => {
    const id = chatButtonId("retry", "1234567890123456789");

    expect(id).toEqual("bdb:retry:1234567890123456789");
    expect(parseChatButtonId(id)).toEqual({ action: "retry", runId: "1234567890123456789" });
  });

  it("GIVEN a run id that would pass Discord's 100 characters WHEN encoded THEN it throws", () => {
    expect(chatButtonId("reasoning", "x".repeat(86))).toHaveLength(100);
    expect(() => chatButtonId("reasoning", "x".repeat(87))).toThrow(RangeError);
  });

  it("GIVEN someone else's custom ids WHEN parsed THEN undefined", () => {
    expect([parseChatButtonId("other:stop:1"), parseChatButtonId("bdb:explode:1"), parseChatButtonId("bdb:stop:"), parseChatButtonId("bdb")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
