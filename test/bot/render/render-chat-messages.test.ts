import type { MessageCreateOptions, MessageEditOptions } from "discord.js";
import { describe, expect, it } from "vitest";
import { applyChatEvent, INITIAL_CHAT_STATE, type ChatEvent, type ChatState } from "../../../src/bot/render/apply-chat-event.ts";
import { stripChatDecorations } from "../../../src/bot/render/chat-decorations.ts";
import { findOpenFence } from "../../../src/bot/render/find-open-fence.ts";
import { renderChatMessages, type RenderChatOptions } from "../../../src/bot/render/render-chat-messages.ts";

const options: RenderChatOptions = { runId: "1100", modelName: "claude-haiku", showUsage: true };
const fold = (events: ChatEvent[], from: ChatState = INITIAL_CHAT_STATE) => events.reduce(applyChatEvent, from);
const text = (delta: string): ChatEvent => ({ type: "text", delta });
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
const stop: ChatEvent = { type: "stop", stopReason: "end_turn" };

const stopRow = [{ type: 1, components: [{ type: 2, style: 4, label: "Stop", custom_id: "bdb:stop:1100" }] }];
const retryRow = [{ type: 1, components: [{ type: 2, style: 2, label: "Retry", custom_id: "bdb:retry:1100" }] }];
const noPings = { parse: [] };

/** ~6,000 characters: prose, a 2,700-character python block, prose. */
function longAnswer(): string {
  const prose = Array.from({ length: 20 }, (_, i) => `Point ${i}: the quick brown fox jumps over the lazy dog, again and again.`).join(" ");
  const code = Array.from({ length: 60 }, (_, i) => `    total += values[${i}] * weight(${i})  # step ${i}`).join("\n");
  return `${prose}\n\n\`\`\`python\ndef score(values):\n    total = 0\n${code}\n    return total\n\`\`\`\n\n${prose}\n\n${prose}`;
}

describe("renderChatMessages", () => {
  it("GIVEN nothing yet but reasoning WHEN rendered THEN one message says it is thinking, with Stop, and no reasoning text", () => {
    const state = fold([{ type: "reasoning", delta: "secret chain of thought" }]);

    expect(renderChatMessages(state, options)).toEqual([{ content: "-# 💭 thinking…", components: stopRow, allowedMentions: noPings }]);
  });

  it("GIVEN text while generating WHEN rendered THEN the in-progress marker is the last line", () => {
    const state = fold([text("Hello, "), text("how can I help?")]);

    expect(renderChatMessages(state, options)).toEqual([
      { content: "Hello, how can I help?\n-# ⏳ generating…", components: stopRow, allowedMentions: noPings },
    ]);
  });

  it("GIVEN a code block still streaming WHEN rendered THEN it is closed before the marker", () => {
    const state = fold([text("Sure:\n```ts\nconst x = 1;")]);

    expect(renderChatMessages(state, options)[0]?.content).toEqual("Sure:\n```ts\nconst x = 1;\n```\n-# ⏳ generating…");
  });

  it("GIVEN a tool round, reasoning and a 6,000-character answer with code WHEN done THEN it is split cleanly with tools and usage under it", () => {
    const answer = longAnswer();
    const state = fold([
      { type: "reasoning", delta: "I should compute first." },
      text("Let me compute that."),
      { type: "toolCall", toolUseId: "c1", name: "calculator", input: { expression: "6*7" } },
      usage(1000, 40, 0.0011),
      { type: "toolResult", toolUseId: "c1", name: "calculator", status: "success", output: "42" },
      text("\n\n"),
      ...answer.match(/[^]{1,97}/g)!.map(text), // streamed in small deltas
      usage(1234, 1500, 0.0091),
      stop,
    ]);

    const messages = renderChatMessages(state, options);

    expect(messages.length).toBeGreaterThanOrEqual(4);
    for (const message of messages) {
      expect(message.content.length).toBeLessThanOrEqual(2000);
      expect(findOpenFence(message.content)).toBeUndefined();
      expect(message.content).not.toContain("I should compute first.");
      expect(message.allowedMentions).toEqual(noPings);
    }
    expect(messages.slice(0, -1).map((message) => message.components)).toEqual(messages.slice(0, -1).map(() => []));
    expect(messages.at(-1)?.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, label: "Retry", custom_id: "bdb:retry:1100" },
          { type: 2, style: 2, label: "Show reasoning", custom_id: "bdb:reasoning:1100" },
        ],
      },
    ]);
    expect(messages[0]?.content.startsWith("Let me compute that.\n\nPoint 0:")).toBe(true);
    expect(messages.some((message) => message.content.includes("\n```\n") || message.content.endsWith("\n```"))).toBe(true);
    expect(messages.filter((message) => message.content.startsWith("```python\n"))).not.toHaveLength(0);
    expect(messages.at(-1)?.content.endsWith("\n-# 🔧 used calculator\n-# claude-haiku · 2,234 in · 1,540 out · $0.01")).toBe(true);
    // Nothing lost or added but the fences that repair each cut.
    const rejoined = messages.map((message) => stripChatDecorations(message.content)).join("\n");
    const squash = (value: string) => value.replace(/\s+/g, " ");
    expect(squash(rejoined.replaceAll("\n```\n```python\n", "\n"))).toEqual(squash(`Let me compute that.\n\n${answer}`));
  });

  it("GIVEN a failure mid-stream WHEN rendered THEN the partial answer, the failure line, the usage so far and Retry", () => {
    const state = fold([
      text("The first half of"),
      { type: "toolCall", toolUseId: "w1", name: "weather", input: {} },
      { type: "toolResult", toolUseId: "w1", name: "weather", status: "error", output: "down" },
      usage(500, 10, 0.0005),
      { type: "failure", message: "❌ `claude-haiku` failed while answering (mid-stream): overloaded (error id e-42)" },
    ]);

    expect(renderChatMessages(state, options)).toEqual([
      {
        content: [
          "The first half of",
          "-# 🔧 used weather (failed)",
          "❌ `claude-haiku` failed while answering (mid-stream): overloaded (error id e-42)",
          "-# claude-haiku · 500 in · 10 out · $0.0005",
        ].join("\n"),
        components: retryRow,
        allowedMentions: noPings,
      },
    ]);
  });

  it("GIVEN tools running and warnings WHEN rendered THEN one short line each, warnings summarised past their budget", () => {
    const long = `dropped "notes.bin": ${"x".repeat(200)}`;
    const state = fold([
      { type: "warning", message: 'dropped "big.png": image is 5.2 MB, Bedrock accepts at most 3.75 MB' },
      { type: "warning", message: long },
      { type: "warning", message: "Only the last 25 messages of this conversation were read (history_limit)." },
      { type: "toolCall", toolUseId: "a", name: "calculator", input: {} },
      { type: "toolResult", toolUseId: "a", name: "calculator", status: "success", output: "1" },
      { type: "toolCall", toolUseId: "b", name: "calculator", input: {} },
      { type: "toolCall", toolUseId: "c", name: "current_time", input: {} },
    ]);

    expect(renderChatMessages(state, options)[0]?.content).toEqual(
      [
        `-# ⚠️ dropped "big.png": image is 5.2 MB, Bedrock accepts at most 3.75 MB · ${long} · +1 more`,
        "-# 🔧 using calculator ×2…, current_time…",
        "-# ⏳ generating…",
      ].join("\n"),
    );
  });

  it("GIVEN an empty answer WHEN done without usage shown THEN it says so, with no footer", () => {
    const state = fold([{ type: "warning", message: "The answer was blocked by the model's content filters." }, stop]);

    expect(renderChatMessages(state, { ...options, showUsage: false })).toEqual([
      {
        content: "-# (the model returned no text)\n-# ⚠️ The answer was blocked by the model's content filters.",
        components: retryRow,
        allowedMentions: noPings,
      },
    ]);
  });

  it("GIVEN a payload WHEN handed to discord.js THEN it is valid send and edit options as it is", () => {
    const [payload] = renderChatMessages(fold([text("hi")]), options);
    const send: MessageCreateOptions | undefined = payload; // compile-time check: no mapping needed at the edge
    const edit: MessageEditOptions | undefined = payload;

    expect([send?.content, edit?.allowedMentions]).toEqual(["hi\n-# ⏳ generating…", noPings]);
  });

  it("GIVEN estimated usage (a cut stream) WHEN rendered THEN the footer marks the figures as estimates", () => {
    const estimated: ChatEvent = { type: "usage", inputTokens: 40, outputTokens: 12, totalTokens: 52, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, costUsd: 0.0003, costKnown: true, cacheSavedUsd: 0, estimated: true };
    const [message] = renderChatMessages(fold([text("Partial"), estimated, { type: "failure", message: "❌ cut off" }]), options);

    expect(message?.content).toContain("-# claude-haiku · ~40 in · ~12 out · ~$0.0003");
  });

  it("GIVEN a rendered answer WHEN its decorations are stripped THEN the model's words remain", () => {
    const state = fold([text("Paris is the capital.\n-# not ours? still a subtext line"), usage(10, 5, 0), stop]);
    const [message] = renderChatMessages(state, options);

    expect(message?.content).toEqual("Paris is the capital.\n-# not ours? still a subtext line\n-# claude-haiku · 10 in · 5 out");
    expect(stripChatDecorations(message?.content ?? "")).toEqual("Paris is the capital.");
  });
  it("GIVEN a header WHEN rendered THEN it opens the first part and counts toward its 2000 characters", () => {
    const header = `-# 💬 ${"why ".repeat(300).trim()}`;
    const state = fold([text(longAnswer()), usage(10, 20, 0.001), stop]);

    const parts = renderChatMessages(state, { ...options, header });

    expect(parts[0]?.content.startsWith(header)).toBe(true);
    expect(parts.every((part) => part.content.length <= 2000)).toBe(true);
    expect(parts.slice(1).some((part) => part.content.includes("-# 💬"))).toBe(false);
    expect(stripChatDecorations(parts.map((part) => part.content).join("\n"))).not.toContain("why why");
  });
});

describe("usage footer: prompt cache and service tier", () => {
  const callUsage = (over: Partial<Extract<ChatEvent, { type: "usage" }>>): ChatEvent => ({ ...(usage(100, 20, 0.001) as Extract<ChatEvent, { type: "usage" }>), ...over });
  const footer = (state: ChatState): string | undefined => renderChatMessages(state, options).at(-1)?.content.split("\n").at(-1);

  it("GIVEN cache reads and a flex call WHEN done THEN the footer shows cached tokens, the saving and the tier", () => {
    const state = fold([text("Hi."), callUsage({ cacheReadInputTokens: 3000, cacheSavedUsd: 0.0081, serviceTier: "flex" }), stop]);

    expect(footer(state)).toBe("-# claude-haiku · 3,100 in · 20 out · cache 3,000 read, saved $0.0081 · flex · $0.001");
  });

  it("GIVEN only cache writes so far WHEN done THEN the footer says what the cache cost extra", () => {
    const state = fold([text("Hi."), callUsage({ cacheWriteInputTokens: 2000, cacheSavedUsd: -0.0015 }), stop]);

    expect(footer(state)).toBe("-# claude-haiku · 2,100 in · 20 out · cache 2,000 written, cost $0.0015 extra · $0.001");
  });

  it("GIVEN a call on a tier without prices WHEN done THEN the cost is unknown with its estimate, never $0", () => {
    const state = fold([text("Hi."), callUsage({ costKnown: false, serviceTier: "priority" }), stop]);

    expect(footer(state)).toBe("-# claude-haiku · 100 in · 20 out · priority · cost unknown (≈$0.001 at standard prices)");
  });
});
