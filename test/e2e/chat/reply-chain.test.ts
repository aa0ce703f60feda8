/** The reply chain is the conversation: memory across turns, branches that see only their own past, and order. */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));


/**
 * A user message, and the bot's answerFinished answer replying to it. Tests use different channels: Discord (and the fake)
 * allow 5 posts per 5 s in one channel, and discord.js would rightly wait.
 */
async function ask(input: { channelId?: string; authorId: string; content: string; replyTo?: string; mentionsBot?: boolean }): Promise<{ question: StoredMessage; answer: StoredMessage }> {
  const question = h.discord.userSays({ channelId: h.ids.general, ...input });
  const answer = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
  return { question, answer };
}

/** The conversation the model got in the latest call, as `role: text` lines. */
function lastConversation(): string[] {
  const messages = h.bedrock.requests.at(-1)?.body.messages as { role: string; content: { text?: string }[] }[];
  return messages.map((message) => `${message.role}: ${message.content.map((block) => block.text ?? "").join(" ")}`);
}

describe("reply chains", () => {
  it("GIVEN three turns by replying WHEN the third is asked THEN the model sees the whole chain, without the bot's footers", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "Noted: 42." }, { text: "It was 42." }, { text: "You asked twice." });
    const first = await ask({ authorId: h.ids.alice, content: "remember 42", mentionsBot: true });
    const second = await ask({ authorId: h.ids.alice, content: "what number?", replyTo: first.answer.id });
    await ask({ authorId: h.ids.alice, content: "how many questions?", replyTo: second.answer.id });

    expect(lastConversation()).toEqual([
      "user: Alice: remember 42",
      "assistant: Noted: 42.",
      "user: Alice: what number?",
      "assistant: It was 42.",
      "user: Alice: how many questions?",
    ]);
  });

  it("GIVEN two replies to the same answer WHEN the second branch continues THEN the model sees only its own branch", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "Root answer." }, { text: "Left answer." }, { text: "Right answer." });
    const channelId = h.ids.random;
    const root = await ask({ channelId, authorId: h.ids.alice, content: "root", mentionsBot: true });
    await ask({ channelId, authorId: h.ids.alice, content: "left branch", replyTo: root.answer.id });
    await ask({ channelId, authorId: h.ids.bob, content: "right branch", replyTo: root.answer.id });

    expect(lastConversation()).toEqual(["user: Alice: root", "assistant: Root answer.", "user: Bob: right branch"]);
  });

  it("GIVEN an answer still streaming WHEN someone replies to it THEN the new answer waits and its history holds the answerFinished first answer", async () => {
    h.bedrock.setPace({ firstTokenMs: 50, deltaMs: 40 });
    const long = "This answer takes a while to arrive, one small piece after another, until it is complete.";
    h.bedrock.script(TEST_MODEL.id, { text: long }, { text: "Second." });
    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "tell me slowly", mentionsBot: true });
    const streaming = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id });
    expect(answerFinished(streaming)).toBe(false);

    const follow = await ask({ authorId: h.ids.bob, content: "and then?", replyTo: streaming.id });

    expect(h.bedrock.requests).toHaveLength(2);
    expect(lastConversation()).toEqual(["user: Alice: tell me slowly", `assistant: ${long}`, "user: Bob: and then?"]);
    expect(follow.answer.content).toContain("Second.");
  });
});
