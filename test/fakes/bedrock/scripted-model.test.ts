import { describe, expect, it } from "vitest";
import type { ConverseRequestBody } from "./converse-wire.ts";
import { splitWords, toStreamEvents } from "./encode-stream-events.ts";
import { countUsage, echoText, runScriptedModel } from "./scripted-model.ts";
import { validateConverseRequest } from "./validate-converse-request.ts";

const ask = (text: string): ConverseRequestBody => ({ messages: [{ role: "user", content: [{ text }] }] });

describe("runScriptedModel", () => {
  it("GIVEN no script WHEN run THEN it echoes with usage from ceil(chars / 4)", () => {
    expect(runScriptedModel("m", { ...ask("12345"), system: [{ text: "abc" }] })).toEqual({
      content: [{ text: "echo: 12345" }],
      stopReason: "end_turn",
      usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 },
    });
  });

  it("GIVEN a tool result with status error WHEN echoed THEN the summary names the tool and marks the error", () => {
    const body: ConverseRequestBody = {
      messages: [
        { role: "user", content: [{ text: "go" }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "search", input: { q: "x" } } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", status: "error", content: [{ text: "timed out" }] } }] },
      ],
    };

    expect(echoText(body)).toBe("tool results: [search] error: timed out");
  });

  it("GIVEN tool calls without ids WHEN run twice on the same conversation THEN ids are equal, and differ on a later turn", () => {
    const script = { toolUses: [{ name: "calc", input: {} }] };
    const later: ConverseRequestBody = {
      messages: [...ask("a").messages, { role: "assistant", content: [{ text: "b" }] }, { role: "user", content: [{ text: "c" }] }],
    };

    const first = runScriptedModel("m", ask("a"), script).content;
    const again = runScriptedModel("m", ask("a"), script).content;
    const next = runScriptedModel("m", later, script).content;

    expect(first).toEqual(again);
    expect(first).not.toEqual(next);
    expect(first).toEqual([{ toolUse: { toolUseId: expect.stringMatching(/^tooluse_[\w-]{22}$/), name: "calc", input: {} } }]);
  });

  it("GIVEN tool results as JSON WHEN counting usage THEN their stringified JSON counts as input", () => {
    const body: ConverseRequestBody = { messages: [{ role: "user", content: [{ toolResult: { toolUseId: "t", content: [{ json: { a: 1 } }] } }] }] };

    expect(countUsage(body, [{ text: "1234" }])).toEqual({ inputTokens: 2, outputTokens: 1, totalTokens: 3 });
  });
});

describe("stream events", () => {
  it("GIVEN text with odd spacing WHEN split THEN pieces hold a few words and join back to the exact text", () => {
    const text = "  one two\nthree  four five six seven ";

    const pieces = splitWords(text);

    expect(pieces.join("")).toBe(text);
    expect(pieces.length).toBe(3);
  });

  it("GIVEN a text block WHEN turned into events THEN no contentBlockStart is sent for it (only toolUse blocks get one)", () => {
    const events = toStreamEvents({ content: [{ text: "hi" }], stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });

    expect(events.map((event) => event.type)).toEqual(["messageStart", "contentBlockDelta", "contentBlockStop", "messageStop"]);
  });
});

describe("validateConverseRequest on its own", () => {
  it("GIVEN a Converse-type batch modelInput WHEN validated THEN it is valid", () => {
    expect(validateConverseRequest({ messages: [{ role: "user", content: [{ text: "Summarize: x" }] }], inferenceConfig: { maxTokens: 256 } })).toBeUndefined();
  });

  it("GIVEN a body that is not an object WHEN validated THEN it is rejected", () => {
    expect(validateConverseRequest([1])).toMatch(/must be a JSON object/);
  });
});
