/** `/chat`: the answer streams into the deferred reply under the prompt; private answers, threads, model choice, Retry. */
import { describe, expect, it } from "vitest";
import type { FakeInteraction, StoredMessage } from "../../fakes/discord/index.ts";
import { OTHER_MODEL, TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));


async function finishedOriginal(interaction: FakeInteraction): Promise<StoredMessage> {
  return await h.discord.waitFor(() => {
    const message = h.discord.originalResponse(interaction);
    return message !== undefined && answerFinished(message) && message;
  });
}

/** The conversation the model got in the latest call, as `role: text` lines. */
function lastConversation(): string[] {
  const messages = h.bedrock.requests.at(-1)?.body.messages as { role: string; content: { text?: string }[] }[];
  return messages.map((message) => `${message.role}: ${message.content.map((block) => block.text ?? "").join(" ")}`);
}

describe("/chat", () => {
  it("GIVEN a prompt WHEN alice runs /chat THEN the deferred reply becomes the streamed answer under the prompt", async () => {
    h.bedrock.setPace({ firstTokenMs: 100, deltaMs: 30 });
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "what is a monad?" } });
    const answer = await finishedOriginal(interaction);

    expect(interaction.response?.type).toEqual(5); // deferred
    expect(answer.content.split("\n")[0]).toEqual("-# 💬 what is a monad?");
    expect(answer.content).toContain("echo: Alice: what is a monad?");
    expect(answer.content).toMatch(/-# test-model · \d+ in/);
    expect(JSON.stringify(answer.components)).toContain(`bdb:retry:${interaction.id}`);
    expect(answer.pings).toEqual({ users: [], roles: [], everyone: false });
    expect(h.usage.records.at(-1)).toMatchObject({ userId: h.ids.alice, channelId: h.ids.general, model: TEST_MODEL.name });
  });

  it("GIVEN model and private options WHEN bob runs /chat THEN the chosen model answers, visible only to him", async () => {
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.random, userId: h.ids.bob, options: { prompt: "secret question", model: OTHER_MODEL.name, private: true } });
    const answer = await finishedOriginal(interaction);

    expect(h.bedrock.requests.at(-1)?.modelId).toEqual(OTHER_MODEL.id);
    expect(answer.flags & 64).toEqual(64);
    expect(answer.content).toContain("-# other-model · ");
  });

  it("GIVEN a /chat answer WHEN alice replies to it THEN the model sees the prompt, the answer and the reply", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "A monoid in the category of endofunctors." }, { text: "Sorry." });
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "define monad" } });
    const answer = await finishedOriginal(interaction);

    const followUp = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "simpler please", replyTo: answer.id });
    await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === followUp.id && answerFinished(m) });

    expect(lastConversation()).toEqual(["user: Alice: define monad", "assistant: A monoid in the category of endofunctors.", "user: Alice: simpler please"]);
  });

  it("GIVEN thread:true WHEN the answer is done THEN a thread starts from it, and a message there is answered without a mention", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "Paris." }, { text: "About two million." });
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.random, userId: h.ids.bob, options: { prompt: "capital of France?", thread: true } });
    const answer = await finishedOriginal(interaction);
    const thread = await h.discord.waitFor(() => h.discord.channel(answer.id));

    expect(thread.thread?.ownerId).toEqual(h.ids.bot);
    expect(thread.parentId).toEqual(h.ids.random);
    expect(thread.name).toEqual("capital of France?");
    const inThread = h.discord.userSays({ channelId: thread.id, authorId: h.ids.bob, content: "how many people live there?" });
    const reply = await h.discord.waitForMessage({ channelId: thread.id, where: (m) => m.messageReference?.message_id === inThread.id && answerFinished(m) });

    expect(reply.content).toContain("About two million.");
    expect(lastConversation()).toEqual(["user: Bob: capital of France?", "assistant: Paris.", "user: Bob: how many people live there?"]);
  });

  it("GIVEN a /chat answer WHEN alice presses Retry THEN the prompt is answered again in a new reply and the old one loses its buttons", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "First." }, { text: "Second." });
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "pick a word" } });
    const first = await finishedOriginal(interaction);

    const click = h.discord.clickButton({ messageId: first.id, customId: `bdb:retry:${interaction.id}`, userId: h.ids.alice });
    const second = await finishedOriginal(click);

    expect(second.content).toContain("-# 💬 pick a word");
    expect(second.content).toContain("Second.");
    expect(first.components).toEqual([]);
    expect(lastConversation()).toEqual(["user: Alice: pick a word"]);
  });
  it("GIVEN a 3,000-character prompt WHEN answered THEN the header shows it cut, every part fits Discord's limit, and the model got it whole", async () => {
    const prompt = `${"please consider this rather long request ".repeat(75)}end`;
    const interaction = h.discord.runCommand({ name: "chat", channelId: h.ids.random, userId: h.ids.bob, options: { prompt } });
    const first = await h.discord.waitFor(() => h.discord.originalResponse(interaction));
    await h.discord.waitFor(() => h.discord.messages(h.ids.random).some((m) => m.authorId === h.ids.bot && answerFinished(m) && m.createdAt >= first.createdAt));

    expect(first.content.split("\n")[0]).toMatch(/^-# 💬 please consider .*…$/);
    expect(first.content.split("\n")[0]!.length).toBeLessThan(1600);
    expect(h.discord.messages(h.ids.random).filter((m) => m.authorId === h.ids.bot).every((m) => m.content.length <= 2000)).toBe(true);
    expect(lastConversation()).toEqual([`user: Bob: ${prompt}`]);
  });
});
