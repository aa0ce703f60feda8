import { once } from "node:events";
import { ChannelType, Events, type AnyThreadChannel, type Message, type TextChannel } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";

describe("fake Discord threads with discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const general = async (r: FakeAndClient): Promise<TextChannel> => (await r.client.channels.fetch(r.fake.channelId("general"))) as TextChannel;

  it("GIVEN a user message WHEN the bot starts a thread from it and posts there THEN the thread has the message's id and holds the post", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;
    fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("alice"), content: "long topic", mentionsBot: true });
    const [question] = await received;

    const thread = await question.startThread({ name: "Long topic" });
    await thread.send("let's talk here");

    expect(thread.id).toBe(question.id);
    expect(fake.channel(thread.id)).toMatchObject({ type: ChannelType.PublicThread, parentId: fake.channelId("general"), name: "Long topic" });
    expect(fake.channel(thread.id)?.thread?.memberIds.has(fake.botUser.id)).toBe(true);
    expect(fake.messages(thread.id).map((m) => m.content)).toEqual(["let's talk here"]);
    expect(fake.message(question.id)?.threadId).toBe(thread.id);
  });

  it("GIVEN #general WHEN the bot creates a private thread without a message THEN discord.js gets the thread and can post in it", async () => {
    running = await connectTestClient();
    const { fake } = running;

    const thread = await (await general(running)).threads.create({ name: "Batch job 1", type: ChannelType.PrivateThread });
    await thread.send("job submitted");

    expect(fake.channel(thread.id)?.type).toBe(ChannelType.PrivateThread);
    expect(fake.messages(thread.id)[0]?.content).toBe("job submitted");
  });

  it("GIVEN alice starts a thread and mentions the bot in it WHEN the bot joins and answers THEN the answer is in the thread", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const created = once(client, Events.ThreadCreate) as Promise<[AnyThreadChannel]>;
    const thread = fake.userStartsThread({ channelId: fake.channelId("general"), userId: fake.userId("alice"), name: "Help" });
    await created;
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;

    fake.userSays({ channelId: thread.id, authorId: fake.userId("alice"), content: "help me", mentionsBot: true });
    const [message] = await received;
    expect(message.channel.isThread()).toBe(true);
    const channel = message.channel as AnyThreadChannel;
    await channel.join();
    await channel.send("here to help");

    expect(fake.channel(thread.id)?.thread?.memberIds.has(fake.botUser.id)).toBe(true);
    expect(fake.messages(thread.id).map((m) => m.content)).toEqual([`<@${fake.botUser.id}> help me`, "here to help"]);
  });

  it("GIVEN a thread WHEN a test deletes it THEN discord.js sees threadDelete and posting there fails with Unknown Channel", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const thread = await (await general(running)).threads.create({ name: "Doomed" });
    const deleted = once(client, Events.ThreadDelete);

    fake.deleteChannel(thread.id);

    await deleted;
    await expect(thread.send("anyone?")).rejects.toMatchObject({ status: 404, code: 10003 });
  });
});
