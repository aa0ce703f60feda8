/**
 * Under load and when Discord misbehaves: 20 conversations at once earn no 429, an injected 429 is waited out, a
 * gateway drop mid-conversation is resumed without losing a message.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_GUILDS, type StoredMessage } from "../../fakes/discord/index.ts";
import { startBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

const ROOMS = Array.from({ length: 10 }, (_, i) => `room-${i + 1}`);
const [seed] = DEFAULT_GUILDS;

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({
    discord: { guilds: [{ ...seed!, channels: [...(seed?.channels ?? []), ...ROOMS.map((name) => ({ name, parent: "Text Channels" }))] }] },
  });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.bedrock.reset());

const answerTo = (question: StoredMessage) => (m: StoredMessage) => m.messageReference?.message_id === question.id && answerFinished(m);

describe("load", () => {
  it("GIVEN 20 people asking at once in 10 channels WHEN the answers stream THEN each gets its own answer and the bot earns zero 429s", async () => {
    h.bedrock.setPace({ firstTokenMs: 100, deltaMs: 25 });
    const askers = [h.ids.alice, h.ids.bob];
    const questions = Array.from({ length: 20 }, (_, i) =>
      h.discord.userSays({
        channelId: h.discord.channelId(ROOMS[i % ROOMS.length]!),
        authorId: askers[i % 2]!,
        content: `question number ${i} ${"with some padding words to stream ".repeat(3)}`,
        mentionsBot: true,
      }),
    );

    const answers = await Promise.all(questions.map((question) => h.discord.waitForMessage({ channelId: question.channelId, where: answerTo(question) })));

    answers.forEach((answer, i) => expect(answer.content).toContain(`question number ${i} with some padding`));
    expect(answers.some((answer) => answer.versions.length >= 3)).toBe(true); // streamed, not posted at the end
    expect(h.discord.stats.rateLimited).toEqual(0);
    expect(h.usage.records.filter((record) => record.channelId !== undefined && record.channelId !== h.ids.general)).toHaveLength(20);
  });
});

describe("Discord faults", () => {
  it("GIVEN Discord answers an edit with 429 WHEN the answer streams THEN discord.js waits it out and the answer completes", async () => {
    h.bedrock.setPace({ firstTokenMs: 50, deltaMs: 30 });
    h.discord.inject429("messages.edit", 1, 0.3);
    const before = h.discord.stats.injected429;

    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "one two three four five six seven eight nine ten", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: answerTo(question) });

    expect(h.discord.stats.injected429).toEqual(before + 1);
    expect(answer.content).toContain("echo: Alice: one two three four five six seven eight nine ten");
    expect(h.discord.requests.filter((r) => r.route === "messages.edit" && r.status === 429)).toHaveLength(1);
  });

  it("GIVEN the gateway drops while an answer streams WHEN a follow-up is posted during the outage THEN the bot resumes, finishes the answer and answers the follow-up", async () => {
    h.bedrock.setPace({ firstTokenMs: 50, deltaMs: 40 });
    const resumes = h.discord.stats.gateway.resumes;
    const question = h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: `tell me ${"a long story ".repeat(8)}`, mentionsBot: true });
    const streaming = await h.discord.waitForMessage({ channelId: h.ids.random, where: (m) => m.messageReference?.message_id === question.id });

    h.discord.dropGateway();
    const followUp = h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: "and the ending?", replyTo: streaming.id });
    const followAnswer = await h.discord.waitForMessage({ channelId: h.ids.random, where: answerTo(followUp) });

    expect(answerFinished(streaming)).toBe(true);
    expect(streaming.content).toContain("a long story");
    expect(h.discord.stats.gateway.resumes).toBeGreaterThan(resumes);
    expect(followAnswer.content).toContain("echo: Bob: and the ending?");
    const conversation = h.bedrock.requests.at(-1)?.body.messages as { role: string }[];
    expect(conversation.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
  });
});
