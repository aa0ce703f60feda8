import { describe, expect, it } from "vitest";
import type { CitedPassage } from "../../../src/bedrock/citations/cited-passage.ts";
import { applyChatEvent, INITIAL_CHAT_STATE, type ChatEvent } from "../../../src/bot/render/apply-chat-event.ts";
import { renderChatMessages } from "../../../src/bot/render/render-chat-messages.ts";
import { describeLocation, renderFootnotes } from "../../../src/bot/render/render-footnotes.ts";

const handbook: CitedPassage = { document: "handbook", location: { unit: "page", start: 2, end: 3 }, quote: "Leave is 25 days a year." };
const policy: CitedPassage = { document: "policy", location: { unit: "char", start: 10, end: 52 }, quote: "Remote *work* is allowed." };

describe("renderFootnotes", () => {
  it("GIVEN two passages WHEN rendered THEN one numbered subtext line each, with name, range and the quote (markdown escaped)", () => {
    expect(renderFootnotes([handbook, policy])).toEqual([
      "-# [1] handbook · pp. 2–3 · “Leave is 25 days a year.”",
      "-# [2] policy · chars 10–52 · “Remote \\*work\\* is allowed.”",
    ]);
  });

  it("GIVEN a very long quote and many passages WHEN rendered THEN quotes are shortened and the list is capped with a count", () => {
    const long: CitedPassage = { document: "d", quote: "word ".repeat(100) };
    const lines = renderFootnotes(Array.from({ length: 11 }, () => long));

    expect(lines).toHaveLength(9);
    expect(lines[0]?.length).toBeLessThan(120);
    expect(lines[0]).toContain("…”");
    expect(lines[8]).toEqual("-# +3 more cited passages");
  });

  it.each([
    [{ unit: "page" as const, start: 4, end: 4 }, "p. 4"],
    [{ unit: "chunk" as const, start: 1, end: 3 }, "chunks 1–3"],
    [{ unit: "char" as const, start: 7 }, "char 7"],
    [{ url: "https://example.com" }, "<https://example.com>"],
    [{ unit: "page" as const }, undefined],
  ])("GIVEN location %j WHEN described THEN %s", (location, expected) => {
    expect(describeLocation(location)).toEqual(expected);
  });
});

describe("citations in a chat answer", () => {
  it("GIVEN text, a citation, more text and the same citation again WHEN applied and rendered THEN marks [1] twice, one footnote, under the answer", () => {
    const events: ChatEvent[] = [
      { type: "text", delta: "Leave is 25 days. " },
      { type: "citation", passage: handbook },
      { type: "text", delta: " Really." },
      { type: "citation", passage: handbook },
      { type: "citation", passage: policy },
      { type: "stop", stopReason: "end_turn" },
    ];
    const state = events.reduce(applyChatEvent, INITIAL_CHAT_STATE);

    expect(state.answer).toEqual("Leave is 25 days.[1] Really.[1][2]");
    expect(state.citations).toEqual([handbook, policy]);
    const [message] = renderChatMessages(state, { runId: "1", modelName: "m", showUsage: false });
    expect(message?.content.split("\n")).toEqual([
      "Leave is 25 days.[1] Really.[1][2]",
      "-# [1] handbook · pp. 2–3 · “Leave is 25 days a year.”",
      "-# [2] policy · chars 10–52 · “Remote \\*work\\* is allowed.”",
    ]);
  });
});

describe("a guardrail in a chat answer", () => {
  it("GIVEN guardrail events of two rounds WHEN applied THEN the state merges their policies and the answer gets the admin-only details button", () => {
    const state = [
      { type: "guardrail", intervened: false, policies: ["input · sensitive information EMAIL → ANONYMIZED"] },
      { type: "guardrail", intervened: true, policies: ["output · content filter VIOLENCE (HIGH confidence) → BLOCKED"] },
      { type: "stop", stopReason: "guardrail_intervened" },
    ].reduce((current, event) => applyChatEvent(current, event as ChatEvent), INITIAL_CHAT_STATE);

    expect(state.guardrail).toEqual({
      intervened: true,
      policies: ["input · sensitive information EMAIL → ANONYMIZED", "output · content filter VIOLENCE (HIGH confidence) → BLOCKED"],
    });
    const [message] = renderChatMessages(state, { runId: "42", modelName: "m", showUsage: false });
    expect(message?.components[0]?.components.map((button) => button.custom_id)).toEqual(["bdb:retry:42", "bdb:guardrail:42"]);
    expect(message?.content).not.toContain("VIOLENCE");
  });
});
