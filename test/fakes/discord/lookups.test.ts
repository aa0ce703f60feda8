import { ChannelType, type TextChannel } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";

describe("fake Discord lookups a bot makes through discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop(); // also fails on any answer that does not match Discord's response schemas
    running = undefined;
  });

  it("GIVEN the seeded world WHEN discord.js fetches the application, users, guild, members, roles and channels THEN the answers match", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const guild = client.guilds.cache.get(fake.guildId())!;

    const application = await client.application.fetch();
    const alice = await client.users.fetch(fake.userId("alice"), { force: true });
    const fetchedGuild = await guild.fetch();
    const me = await guild.members.fetchMe({ force: true });
    const bob = await guild.members.fetch({ user: fake.userId("bob"), force: true });
    const roles = await guild.roles.fetch(undefined, { force: true });
    const channels = await guild.channels.fetch(undefined, { force: true });
    const general = await client.channels.fetch(fake.channelId("general"), { force: true });
    const thread = await (general as TextChannel).threads.create({ name: "side topic" });
    const active = await guild.channels.fetchActiveThreads();

    expect(application.id).toBe(fake.applicationId);
    expect(alice.username).toBe("alice");
    expect(fetchedGuild.name).toBe("Test Guild");
    expect(me.id).toBe(fake.botUser.id);
    expect(bob.user.username).toBe("bob");
    expect([...roles.values()].map((r) => r.name).sort()).toEqual(["@everyone", "Admin", fake.botUser.username].sort());
    expect([...channels.values()].map((c) => c?.name).sort()).toEqual(["Text Channels", "general", "random"]);
    expect(general?.type).toBe(ChannelType.GuildText);
    expect([...active.threads.keys()]).toEqual([thread.id]);
  });

  it("GIVEN a user message WHEN the bot reacts and shows typing THEN the fake records both", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const channel = (await client.channels.fetch(fake.channelId("general"))) as TextChannel;
    const question = fake.userSays({ channelId: channel.id, authorId: fake.userId("alice"), content: "hi", mentionsBot: true });

    await (await channel.messages.fetch(question.id)).react("👀");
    await channel.sendTyping();

    expect([...fake.message(question.id)!.reactions.keys()]).toEqual(["👀"]);
    expect(fake.typingIn(channel.id)).toHaveLength(1);
  });

  it("GIVEN a user DM WHEN the bot opens the DM itself and writes THEN the message lands in the same DM channel", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const dm = fake.dmChannel(fake.userId("bob"));

    const sent = await (await client.users.fetch(fake.userId("bob"))).send("your batch is done");

    expect(sent.channelId).toBe(dm.id);
    expect(fake.messages(dm.id).map((m) => m.content)).toEqual(["your batch is done"]);
  });
});
