/** Stop, Retry and Show reasoning under an answer; only the asker or an admin may press Stop and Retry. */
import { describe, expect, it } from "vitest";
import type { FakeInteraction, StoredMessage } from "../../fakes/discord/index.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinishedOrStopped } from "../answer-predicates.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");

async function slowAnswer(channelId: string, authorId: string): Promise<{ question: StoredMessage; answer: StoredMessage }> {
  h.bedrock.setPace({ firstTokenMs: 20, deltaMs: 150 });
  h.bedrock.script(TEST_MODEL.id, { text: LONG });
  const question = h.discord.userSays({ channelId, authorId, content: "talk slowly", mentionsBot: true });
  const answer = await h.discord.waitForMessage({ channelId, where: (m) => m.messageReference?.message_id === question.id });
  return { question, answer };
}

/** Waits until the interaction was answered, and returns that answer's content. */
async function responseContent(interaction: FakeInteraction): Promise<string | undefined> {
  await h.discord.waitFor(() => interaction.response !== null);
  return (interaction.response?.data as { content?: string } | undefined)?.content;
}

describe("Stop", () => {
  it("GIVEN an answer streaming WHEN the asker presses Stop THEN the stream ends, marked stopped, with Retry instead of Stop", async () => {
    const { question, answer } = await slowAnswer(h.ids.general, h.ids.bob);

    h.discord.clickButton({ messageId: answer.id, customId: `bdb:stop:${question.id}`, userId: h.ids.bob });
    await h.discord.waitFor(() => answerFinishedOrStopped(answer));

    expect(answer.content).toContain("⏹️ Stopped.");
    expect(answer.content).not.toContain(LONG);
    expect(JSON.stringify(answer.components)).toContain(`bdb:retry:${question.id}`);
    expect(JSON.stringify(answer.components)).not.toContain("bdb:stop:");
  });

  it("GIVEN someone else's answer streaming WHEN bob presses Stop THEN he is told privately and the answer goes on; an admin may stop it", async () => {
    const { question, answer } = await slowAnswer(h.ids.random, h.ids.alice);
    h.discord.addMember({ username: "carol" });
    const carol = h.discord.userId("carol");

    const refused = h.discord.clickButton({ messageId: answer.id, customId: `bdb:stop:${question.id}`, userId: carol });
    expect(await responseContent(refused)).toEqual(`Only <@${h.ids.alice}>, who asked, or an admin can use these buttons.`);
    expect(refused.response?.data).toMatchObject({ flags: 64 });
    expect(answerFinishedOrStopped(answer)).toBe(false);

    // alice asked; bob is no admin either. The guild owner's Admin role (Administrator) counts as Manage Guild.
    const { question: bobsQuestion, answer: bobsAnswer } = await slowAnswer(h.ids.random, h.ids.bob);
    h.discord.clickButton({ messageId: bobsAnswer.id, customId: `bdb:stop:${bobsQuestion.id}`, userId: h.ids.alice });
    await h.discord.waitFor(() => answerFinishedOrStopped(bobsAnswer));
    expect(bobsAnswer.content).toContain("⏹️ Stopped.");
  });
});

describe("Retry", () => {
  it("GIVEN a answerFinishedOrStopped answer WHEN the asker presses Retry THEN a new answer replies to the same question and the old one loses its buttons", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "First try." }, { text: "Second try." });
    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "try", mentionsBot: true });
    const first = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && answerFinishedOrStopped(m) });

    h.discord.clickButton({ messageId: first.id, customId: `bdb:retry:${question.id}`, userId: h.ids.alice });
    const second = await h.discord.waitForMessage({ where: (m) => m.id !== first.id && m.messageReference?.message_id === question.id && answerFinishedOrStopped(m) });

    expect(first.content).toContain("First try.");
    expect(first.components).toEqual([]);
    expect(second.content).toContain("Second try.");
    expect(h.bedrock.requests.map((request) => request.body.messages)).toEqual([
      [{ role: "user", content: [{ text: "Alice: try" }] }],
      [{ role: "user", content: [{ text: "Alice: try" }] }],
    ]);
  });

  it("GIVEN a failed answer WHEN the asker presses Retry and Bedrock recovered THEN the new answer succeeds", async () => {
    h.bedrock.fail(1, { status: 400, type: "ValidationException", message: "The model rejected the input." }); // not retried by the SDK
    const question = h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: "again", mentionsBot: true });
    const failed = await h.discord.waitForMessage({ channelId: h.ids.random, where: (m) => m.messageReference?.message_id === question.id && answerFinishedOrStopped(m) });
    expect(failed.content).toContain("❌");

    h.discord.clickButton({ messageId: failed.id, customId: `bdb:retry:${question.id}`, userId: h.ids.bob });
    const retried = await h.discord.waitForMessage({ channelId: h.ids.random, where: (m) => m.id !== failed.id && m.messageReference?.message_id === question.id && answerFinishedOrStopped(m) });

    expect(retried.content).toContain("echo: Bob: again");
  });
});

describe("Show reasoning", () => {
  it("GIVEN a model that reasoned WHEN the asker presses Show reasoning THEN the reasoning arrives privately, never in the answer", async () => {
    h.bedrock.script(TEST_MODEL.id, { reasoning: "Seven times six is forty-two.", text: "42" });
    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "6*7?", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && answerFinishedOrStopped(m) });
    expect(answer.content).not.toContain("forty-two");

    const shown = h.discord.clickButton({ messageId: answer.id, customId: `bdb:reasoning:${question.id}`, userId: h.ids.bob });

    expect(await responseContent(shown)).toEqual("Seven times six is forty-two.");
    expect(shown.response?.data).toMatchObject({ flags: 64 });
  });
});
