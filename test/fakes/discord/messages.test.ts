import { once } from "node:events";
import { ChannelType, DiscordAPIError, Events, type Message, type TextChannel } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";
import { createManualClock } from "./manual-clock.ts";
import { DEFAULT_GUILDS } from "./seed-world.ts";

describe("fake Discord messages through discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const general = async (r: FakeAndClient): Promise<TextChannel> => (await r.client.channels.fetch(r.fake.channelId("general"))) as TextChannel;

  it("GIVEN a ready client WHEN it sends a message THEN the fake stores it and dispatches MESSAGE_CREATE for the bot's own post", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const own = once(client, Events.MessageCreate) as Promise<[Message]>;

    const sent = await (await general(running)).send({ content: "hi", allowedMentions: { parse: [] } });

    const stored = fake.message(sent.id);
    expect(stored).toMatchObject({ content: "hi", authorId: fake.botUser.id, channelId: fake.channelId("general"), allowedMentions: { parse: [] } });
    const [echo] = await own;
    expect(echo.id).toBe(sent.id);
    expect(echo.author.id).toBe(client.user.id);
  });

  it("GIVEN a sent message WHEN the client edits it twice THEN every version is kept with the time of each edit", async () => {
    const clock = createManualClock();
    running = await connectTestClient({ clock: clock.now });
    const { fake } = running;
    const sent = await (await general(running)).send("draft");
    const createdAt = clock.now();

    clock.advance(1000);
    await sent.edit("better");
    clock.advance(1000);
    const edited = await sent.edit({ content: "final", embeds: [{ description: "details" }] });

    const stored = fake.message(sent.id)!;
    expect(stored.versions.map((v) => [v.content, v.at])).toEqual([
      ["draft", createdAt],
      ["better", createdAt + 1000],
      ["final", createdAt + 2000],
    ]);
    expect(stored.embeds).toEqual([{ type: "rich", description: "details" }]);
    expect(edited.editedTimestamp).toBe(createdAt + 2000);
  });

  it("GIVEN a message older than an hour WHEN the client edits it THEN Discord's 30046 comes back", async () => {
    const clock = createManualClock();
    running = await connectTestClient({ clock: clock.now });
    const sent = await (await general(running)).send("status: running");

    clock.advance(61 * 60_000);

    await expect(sent.edit("status: done")).rejects.toMatchObject({ code: 30046 });
  });

  it("GIVEN files WHEN the client uploads them THEN they are stored and the CDN serves them back, but not through a tampered URL", async () => {
    running = await connectTestClient();
    const { fake } = running;
    const bytes = Buffer.from("id,answer\n1,42\n");

    const sent = await (await general(running)).send({ content: "results", files: [{ attachment: bytes, name: "results.csv", description: "the answers" }] });

    const attachment = sent.attachments.first()!;
    expect(attachment.name).toBe("results.csv");
    expect(new URL(attachment.url).host).toBe(fake.cdnHost);
    const stored = fake.message(sent.id)!.attachments[0]!;
    expect(stored).toMatchObject({ filename: "results.csv", description: "the answers" });
    const served = await fetch(attachment.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    const tampered = await fetch(attachment.url.replace(/hm=[0-9a-f]+/, "hm=00"));
    expect(tampered.status).toBe(404);
  });

  it("GIVEN an upload over the limit WHEN the client sends it THEN 413 comes back and a violation is recorded", async () => {
    running = await connectTestClient({ uploadLimitBytes: 1024 });
    const { fake } = running;

    const sending = (await general(running)).send({ files: [{ attachment: Buffer.alloc(2048), name: "big.bin" }] });

    await expect(sending).rejects.toMatchObject({ status: 413, code: 40005 });
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(["upload-too-large"]);
  });

  it("GIVEN a boosted guild WHEN the bot uploads past the default limit THEN its channels and interactions take it, but a DM is held to the default", async () => {
    running = await connectTestClient({ uploadLimitBytes: 1024, guilds: [{ ...DEFAULT_GUILDS[0]!, uploadLimitBytes: 4096 }] });
    const { fake, client } = running;
    await client.application.commands.set([{ name: "ping", description: "Ping" }]);
    const file = () => ({ attachment: Buffer.alloc(2048), name: "mid.bin" });

    const sent = await (await general(running)).send({ files: [file()] });
    const interaction = fake.runCommand({ name: "ping", channelId: fake.channelId("general"), userId: fake.userId("alice") });
    const dm = await client.users.createDM(fake.userId("alice"));

    expect(fake.message(sent.id)?.attachments[0]?.bytes.byteLength).toBe(2048);
    expect(interaction.payload).toMatchObject({ attachment_size_limit: 4096 });
    await expect(dm.send({ files: [file()] })).rejects.toMatchObject({ status: 413, code: 40005 });
    expect(fake.takeViolations().map((v) => [v.kind, v.route])).toEqual([["upload-too-large", "messages.create"]]);
  });

  it("GIVEN content of 2500 characters WHEN the client sends it THEN Discord's Invalid Form Body comes back and a violation is recorded", async () => {
    running = await connectTestClient();
    const { fake } = running;

    const sending = (await general(running)).send("x".repeat(2500));

    await expect(sending).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(sending).rejects.toMatchObject({ code: 50035, status: 400 });
    const [violation] = fake.takeViolations();
    expect(violation).toMatchObject({ kind: "request", route: "messages.create" });
    expect(violation?.issues.map((i) => i.path)).toEqual(["content"]);
    expect(fake.messages(fake.channelId("general"))).toEqual([]);
  });

  it("GIVEN the bot may not send in #random WHEN the client posts there THEN 403 Missing Permissions and nothing is stored", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    fake.setBotPermissions(fake.channelId("random"), { deny: ["SendMessages"] });
    await fake.waitFor(() => client.channels.cache.get(fake.channelId("random"))?.type === ChannelType.GuildText);

    const random = (await client.channels.fetch(fake.channelId("random"))) as TextChannel;

    await expect(random.send("hello")).rejects.toMatchObject({ status: 403, code: 50013 });
    expect(fake.messages(fake.channelId("random"))).toEqual([]);
    expect(fake.errors.map((e) => e.code)).toEqual([50013]);
  });

  it("GIVEN a user message WHEN the bot replies without pings THEN the reply references it and notifies nobody", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const alice = fake.userId("alice");
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;
    fake.userSays({ channelId: fake.channelId("general"), authorId: alice, content: "ping me", mentionsBot: true });
    const [message] = await received;

    const reply = await message.reply({ content: `@everyone <@${alice}> done`, allowedMentions: { parse: [], repliedUser: false } });

    const stored = fake.message(reply.id)!;
    expect(stored.type).toBe(19);
    expect(stored.messageReference?.message_id).toBe(message.id);
    expect(stored.pings).toEqual({ users: [], roles: [], everyone: false });
    expect(reply.reference?.messageId).toBe(message.id);
  });

  it("GIVEN a user message with an attachment WHEN the client receives it THEN the attachment URL points at the fake CDN and downloads", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;

    fake.userSays({
      channelId: fake.channelId("general"),
      authorId: fake.userId("bob"),
      mentionsBot: true,
      content: "summarise this",
      attachments: [{ filename: "notes.txt", bytes: "some notes", contentType: "text/plain" }],
    });

    const [message] = await received;
    const attachment = message.attachments.first()!;
    expect(attachment.contentType).toBe("text/plain");
    expect(await (await fetch(attachment.url)).text()).toBe("some notes");
  });

  it("GIVEN messages in a channel WHEN the client pages with before, after and around THEN it gets Discord's slices, newest first", async () => {
    running = await connectTestClient();
    const { fake } = running;
    const channelId = fake.channelId("general");
    const ids = ["1", "2", "3", "4", "5"].map((n) => fake.userSays({ channelId, authorId: fake.userId("bob"), content: n }).id);
    const channel = await general(running);

    const contents = (messages: Map<string, Message>): string[] => [...messages.values()].map((m) => m.content);
    expect(contents(await channel.messages.fetch({ limit: 2 }))).toEqual(["5", "4"]);
    expect(contents(await channel.messages.fetch({ before: ids[2]!, limit: 10 }))).toEqual(["2", "1"]);
    expect(contents(await channel.messages.fetch({ after: ids[2]!, limit: 10 }))).toEqual(["5", "4"]);
    expect(contents(await channel.messages.fetch({ around: ids[2]!, limit: 3 }))).toEqual(["4", "3", "2"]);
    expect((await channel.messages.fetch(ids[0]!)).content).toBe("1");
  });

  it("GIVEN a DM from alice WHEN the bot answers THEN the answer lands in the DM channel", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const dm = fake.dmChannel(fake.userId("alice"));
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;

    fake.userSays({ channelId: dm.id, authorId: fake.userId("alice"), content: "private question" });
    const [message] = await received;
    await message.reply({ content: "private answer", allowedMentions: { repliedUser: false } });

    expect(message.channel.type).toBe(ChannelType.DM);
    expect(fake.messages(dm.id).map((m) => m.content)).toEqual(["private question", "private answer"]);
  });

  it("GIVEN a message with two files WHEN the client edits it keeping one and adding another THEN the stored attachments follow", async () => {
    running = await connectTestClient();
    const { fake } = running;
    const sent = await (await general(running)).send({
      files: [
        { attachment: Buffer.from("1"), name: "one.txt" },
        { attachment: Buffer.from("2"), name: "two.txt" },
      ],
    });
    const keep = sent.attachments.find((a) => a.name === "one.txt")!;

    await sent.edit({ attachments: [keep], files: [{ attachment: Buffer.from("3"), name: "three.txt" }] });

    expect(fake.message(sent.id)?.attachments.map((a) => a.filename)).toEqual(["one.txt", "three.txt"]);
    expect(fake.message(sent.id)?.versions.map((v) => v.attachmentIds.length)).toEqual([2, 2]);
  });

  it("GIVEN a request to a route Discord does not have WHEN it arrives THEN 404 with Discord's error body and an unknown-route violation", async () => {
    running = await connectTestClient();
    const { fake } = running;

    const response = await fetch(`${fake.restUrl}/v10/channels/${fake.channelId("general")}/no-such-thing`, { headers: { Authorization: `Bot ${fake.botToken}` } });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "404: Not Found", code: 0 });
    expect(fake.takeViolations().map((v) => v.kind)).toEqual(["unknown-route"]);
  });
});
