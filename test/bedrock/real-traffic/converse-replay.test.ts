/**
 * Recorded Bedrock answers (test/fixtures/real/, sources in its README) through the real SDK into `converse()`: what a
 * user would see from real traffic, not from our fake.
 */
import { describe, expect, it } from "vitest";
import type { ConverseEvent } from "../../../src/bedrock/converse/converse-events.ts";
import { converse } from "../../../src/bedrock/converse/converse.ts";
import { BedrockError } from "../../../src/bedrock/errors/bedrock-error.ts";
import {
  converseRecording,
  eventStreamCapture,
  frameEnds,
  frameEvents,
  recordedStreamEvents,
  streamRecording,
} from "../../fakes/replay/recordings.ts";
import { testModel } from "../fake-converse-client.ts";
import { drain, useReplay } from "./replay-kit.ts";

const replay = useReplay();
const question = [{ role: "user" as const, content: [{ text: "How many r's are in strawberry?" }] }];
const LIVE = "stream/vercel-ai-live-claude-sonnet-4-6.eventstream.b64";
const STREAM_ERROR = "stream/vercel-ai-model-stream-error.eventstream.b64";

async function ask(stream: boolean) {
  return drain(converse(replay.client, { model: testModel({ stream }), messages: question }));
}

function textOf(events: ConverseEvent[], type: "text" | "reasoning" = "text"): string {
  return events.flatMap((event) => (event.type === type ? [event.delta] : [])).join("");
}

function usageOf(events: ConverseEvent[]) {
  return events.find((event) => event.type === "usage");
}

describe("GIVEN recorded Converse responses WHEN replayed through the SDK", () => {
  it("THEN a text answer keeps its text, stop reason and token counts (cache counts 0, as recorded)", async () => {
    replay.server.answerNext(converseRecording("converse/vercel-ai-text.json"));
    const { events, result } = await ask(false);
    expect(textOf(events)).toBe('Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."');
    expect(result).toMatchObject({ stopReason: "end_turn", usage: { inputTokens: 22, outputTokens: 57, totalTokens: 79, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 } });
    expect(usageOf(events)).toMatchObject({ costUsd: (22 * 3 + 57 * 15) / 1_000_000 });
  });

  it("THEN a reasoning block is shown as reasoning and sent back with its signature", async () => {
    replay.server.answerNext(converseRecording("converse/vercel-ai-reasoning.json"));
    const { events, result } = await ask(false);
    expect(textOf(events, "reasoning")).toBe('Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.');
    expect(textOf(events)).toBe('There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y');
    expect(result?.message.content?.[0]?.reasoningContent?.reasoningText?.signature).toMatch(/^EvYBCkgICxAB/);
  });

  it("THEN a tool call arrives parsed, with stop reason tool_use", async () => {
    replay.server.answerNext(converseRecording("converse/vercel-ai-tool-call.json"));
    const { result } = await ask(false);
    expect(result?.toolCalls).toEqual([{ toolUseId: "tool-use-id", name: "bash", input: { command: "ls -l" } }]);
    expect(result?.stopReason).toBe("tool_use");
  });
});

describe("GIVEN recorded ConverseStream events (JSON lines, framed here as event-stream messages) WHEN replayed", () => {
  it("THEN text deltas join into the answer and the metadata usage counts", async () => {
    replay.server.answerNext(streamRecording(frameEvents(recordedStreamEvents("stream/vercel-ai-text.events.jsonl"))));
    const { events, result } = await ask(true);
    expect(textOf(events)).toBe('Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."');
    expect(result).toMatchObject({ stopReason: "end_turn", usage: { inputTokens: 22, outputTokens: 55 }, streamed: true });
  });

  it("THEN streamed reasoning keeps its signature (sent last, after an empty text delta)", async () => {
    replay.server.answerNext(streamRecording(frameEvents(recordedStreamEvents("stream/vercel-ai-reasoning.events.jsonl"))));
    const { events, result } = await ask(true);
    expect(textOf(events, "reasoning")).toContain("So there are 3 r's.");
    expect(result?.message.content?.[0]).toMatchObject({ reasoningContent: { reasoningText: { signature: expect.stringMatching(/^Ep0CCkgICxAB/) } } });
    expect(result?.usage).toMatchObject({ inputTokens: 51, outputTokens: 94 });
  });

  it("THEN a tool call whose metadata comes BEFORE messageStop is still complete", async () => {
    replay.server.answerNext(streamRecording(frameEvents(recordedStreamEvents("stream/vercel-ai-tool-call.events.jsonl"))));
    const { result } = await ask(true);
    expect(result).toMatchObject({ stopReason: "tool_use", usage: { inputTokens: 125, outputTokens: 45 } });
    expect(result?.toolCalls).toEqual([{ toolUseId: "tool-use-id", name: "test-tool", input: { value: "Sparkle Day" } }]);
  });

  it("THEN a tool without parameters (empty input, an empty contentBlockStart before text) is called with {}", async () => {
    replay.server.answerNext(streamRecording(frameEvents(recordedStreamEvents("stream/vercel-ai-tool-no-args.events.jsonl"))));
    const { events, result } = await ask(true);
    expect(textOf(events)).toBe("I'll update the issue list for you.");
    expect(result?.toolCalls).toEqual([{ toolUseId: "tool-use-id", name: "updateIssueList", input: {} }]);
  });
});

describe("GIVEN a live ConverseStream capture (raw event-stream bytes, with Bedrock's `p` padding field)", () => {
  it("WHEN replayed whole THEN the answer, stop reason and usage are Bedrock's", async () => {
    replay.server.answerNext(streamRecording(eventStreamCapture(LIVE)));
    const { events, result } = await ask(true);
    expect(textOf(events)).toBe("OK.");
    expect(result).toMatchObject({ stopReason: "end_turn", usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 } });
  });

  // Before: the cut stream was a successful answer with stop reason "unknown", 0 tokens and $0.
  it.each([
    ["at a frame boundary (no messageStop, no metadata)", (bytes: Uint8Array) => bytes.subarray(0, frameEnds(bytes)[3])],
    ["inside a frame", (bytes: Uint8Array) => bytes.subarray(0, (frameEnds(bytes)[3] ?? 0) + 20)],
  ])("WHEN the connection is cut %s THEN it is an error the user sees, with estimated tokens counted, never $0", async (_how, cut) => {
    replay.server.answerNext(streamRecording(cut(eventStreamCapture(LIVE))));
    const { events, error } = await ask(true);
    expect(textOf(events)).toBe("OK.");
    expect(error).toBeInstanceOf(BedrockError);
    expect(error).toMatchObject({ kind: "incomplete", midStream: true, operation: "ConverseStream" });
    expect((error as BedrockError).userMessage).toMatch(/cut off.*estimated and counted against the spend cap/);
    const usage = usageOf(events);
    expect(usage).toMatchObject({ estimated: true });
    expect(usage?.type === "usage" && usage.inputTokens > 0 && usage.outputTokens > 0 && usage.costUsd > 0).toBe(true);
  });
});

describe("GIVEN the live capture without its last frame (messageStop arrived, metadata did not)", () => {
  it("WHEN replayed THEN the answer stands, its usage estimated and said so, never 0 tokens", async () => {
    const live = eventStreamCapture(LIVE);
    replay.server.answerNext(streamRecording(live.subarray(0, frameEnds(live).at(-2))));
    const { events, result, error } = await ask(true);
    expect(error).toBeUndefined();
    expect(result?.stopReason).toBe("end_turn");
    expect(usageOf(events)).toMatchObject({ estimated: true });
    expect(result?.usage.outputTokens).toBeGreaterThan(0);
    expect(events).toContainEqual({ type: "warning", message: "Bedrock sent no token counts for this answer; its tokens and cost are estimated." });
  });
});

describe("GIVEN a recorded modelStreamErrorException frame (originalStatusCode, originalMessage)", () => {
  // Before: the cause was dropped, and an exception before any output was reported as a mid-stream failure.
  it("WHEN it is the very first frame THEN the error keeps the model's own status and message and is not 'mid-stream'", async () => {
    replay.server.answerNext(streamRecording(eventStreamCapture(STREAM_ERROR)));
    const { events, error } = await ask(true);
    expect(events).toEqual([]);
    expect(error).toMatchObject({ kind: "model", awsName: "ModelStreamErrorException", midStream: false, originalStatusCode: 500, originalMessage: "The model stream failed." });
    expect((error as BedrockError).userMessage).toBe(
      "`anthropic.claude-test-v1:0` failed while answering: Model Stream Error (the model answered 500: The model stream failed.)",
    );
  });

  it("WHEN it follows some output THEN it is mid-stream, with the same cause", async () => {
    const live = eventStreamCapture(LIVE);
    replay.server.answerNext(streamRecording(Buffer.concat([live.subarray(0, frameEnds(live)[1]), eventStreamCapture(STREAM_ERROR)])));
    const { events, error } = await ask(true);
    expect(textOf(events)).toBe("OK");
    expect(error).toMatchObject({ kind: "model", midStream: true, originalStatusCode: 500 });
    expect((error as BedrockError).userMessage).toContain("(mid-stream): Model Stream Error (the model answered 500: The model stream failed.)");
  });
});
