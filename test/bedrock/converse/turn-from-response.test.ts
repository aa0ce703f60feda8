import { describe, expect, it } from "vitest";
import { turnFromConverseResponse } from "../../../src/bedrock/converse/turn-from-response.ts";

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

describe("turnFromConverseResponse", () => {
  it("GIVEN an answer with citationsContent WHEN converted THEN the cited text is part of the answer, followed by its citations, and goes back as text", () => {
    const turn = turnFromConverseResponse({
      output: {
        message: {
          role: "assistant",
          content: [
            { text: "Per the handbook, " },
            {
              citationsContent: {
                content: [{ text: "leave is 25 days." }],
                citations: [{ title: "handbook", sourceContent: [{ text: "25 days of leave" }], location: { documentChar: { documentIndex: 0, start: 3, end: 19 } } }],
              },
            },
          ],
        },
      },
      stopReason: "end_turn",
      usage,
      metrics: { latencyMs: 1 },
    });

    expect(turn.events).toEqual([
      { type: "text", delta: "Per the handbook, " },
      { type: "text", delta: "leave is 25 days." },
      { type: "citation", passage: { document: "handbook", location: { unit: "char", start: 3, end: 19 }, quote: "25 days of leave" } },
    ]);
    expect(turn.message.content).toEqual([{ text: "Per the handbook, " }, { text: "leave is 25 days." }]);
  });

  it("GIVEN a guardrail intervention with a trace WHEN converted THEN the trace is kept for the caller", () => {
    const trace = { guardrail: { inputAssessment: { gr1: { wordPolicy: { customWords: [{ match: "x", action: "BLOCKED" as const }], managedWordLists: [] } } } } };
    const turn = turnFromConverseResponse({
      output: { message: { role: "assistant", content: [{ text: "Sorry." }] } },
      stopReason: "guardrail_intervened",
      usage,
      metrics: { latencyMs: 1 },
      trace,
    });

    expect(turn.guardrailTrace).toEqual(trace.guardrail);
    expect(turn.stopReason).toEqual("guardrail_intervened");
  });
});
