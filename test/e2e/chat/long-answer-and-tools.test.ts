/** Long answers split into chained replies with intact code blocks; tool calls shown as one compact line. */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));

const fences = (text: string) => text.split("\n").filter((line) => line.trimStart().startsWith("```")).length;

/** The bot's messages of one answer, following the reply chain from the question. */
function answerParts(question: StoredMessage): StoredMessage[] {
  const parts: StoredMessage[] = [];
  for (let parent = question.id; ; ) {
    const next = h.discord.messages(question.channelId).find((m) => m.authorId === h.ids.bot && m.messageReference?.message_id === parent);
    if (next === undefined) return parts;
    parts.push(next);
    parent = next.id;
  }
}

describe("long answers", () => {
  it("GIVEN a 6,000-character answer with a long code block WHEN shown THEN it is split into chained replies, each under 2000 characters with its code block closed", async () => {
    const prose = "Here is the whole program, explained line by line further below.\n\n";
    const code = Array.from({ length: 120 }, (_, i) => `const value${i} = compute(${i}); // step ${i} of the pipeline`).join("\n");
    const text = `${prose}\`\`\`ts\n${code}\n\`\`\`\n\nThat is all: ${"the end. ".repeat(40)}`;
    expect(text.length).toBeGreaterThan(6000);
    h.bedrock.script(TEST_MODEL.id, { text });

    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "write a long program", mentionsBot: true });
    await h.discord.waitFor(() => answerParts(question).some(answerFinished));
    const parts = answerParts(question);

    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.content.length).toBeLessThanOrEqual(2000);
      expect(fences(part.content) % 2).toEqual(0);
    }
    expect(parts.slice(1).every((part) => part.content.startsWith("```ts\n") || !part.content.includes("```"))).toBe(true);
    expect(parts.slice(0, -1).every((part) => part.components.length === 0)).toBe(true);
    expect(JSON.stringify(parts.at(-1)?.components)).toContain("bdb:retry:");
    expect(parts.at(-1)?.content).toMatch(/-# test-model · /);
    expect(parts.slice(1).every((part) => part.pings.users.length === 0)).toBe(true);
    const joined = parts.map((part) => part.content).join("\n");
    for (let i = 0; i < 120; i += 1) expect(joined).toContain(`const value${i} = compute(${i});`);
  });
});

describe("tools", () => {
  it("GIVEN a model that calls the calculator WHEN the tool loop runs THEN the answer shows one compact tool line and the model got the result", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "Let me compute.", toolUses: [{ name: "calculator", input: { expression: "6 * 7" } }] }, { text: "It is 42." });

    const question = h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: "what is 6 times 7?", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ channelId: h.ids.random, where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });

    expect(answer.content).toContain("Let me compute.\n\nIt is 42.");
    expect(answer.content).toContain("-# 🔧 used calculator");
    expect(answer.content).not.toContain("6 * 7");
    expect(h.bedrock.requests).toHaveLength(2);
    expect(h.bedrock.requests[0]?.body.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name)).toEqual(["current_time", "calculator"]);
    const toolResult = h.bedrock.requests[1]?.body.messages.at(-1).content[0].toolResult;
    expect(toolResult).toMatchObject({ status: "success" });
    expect(JSON.stringify(toolResult.content)).toContain("42");
    expect(h.usage.records.at(-1)).toMatchObject({ userId: h.ids.bob, model: TEST_MODEL.name });
  });
});
