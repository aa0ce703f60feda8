import { once } from "node:events";
import { Client, Events, GatewayIntentBits, type Message } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, TEST_INTENTS, type FakeAndClient } from "./connect-test-client.ts";
import { startFakeDiscord } from "./start-fake-discord.ts";

describe("fake Discord gateway with the real discord.js Client", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it("GIVEN the default world WHEN the client logs in THEN it becomes ready with the guild, channels, roles and members cached", async () => {
    running = await connectTestClient();
    const { fake, client } = running;

    const guild = client.guilds.cache.get(fake.guildId("Test Guild"));
    expect(guild?.name).toBe("Test Guild");
    expect(guild?.channels.cache.get(fake.channelId("general"))?.name).toBe("general");
    expect(guild?.channels.cache.get(fake.channelId("general"))?.parentId).toBe(fake.channelId("Text Channels"));
    expect(guild?.roles.cache.get(fake.roleId("Admin"))?.permissions.has("Administrator")).toBe(true);
    expect(guild?.members.cache.get(fake.userId("alice"))?.user.username).toBe("alice");
    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.application.id).toBe(fake.applicationId);
    const expectedIntents = TEST_INTENTS.reduce((all, bit) => all | bit, 0);
    expect(fake.stats.gateway.lastIntents).toBe(expectedIntents);
  });

  it("GIVEN a ready client WHEN alice mentions the bot THEN messageCreate carries her content, author and member", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;

    const sent = fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("alice"), content: "hello", mentionsBot: true });

    const [message] = await received;
    expect(message.id).toBe(sent.id);
    expect(message.content).toBe(`<@${fake.botUser.id}> hello`);
    expect(message.author.username).toBe("alice");
    expect(message.member?.roles.cache.has(fake.roleId("Admin"))).toBe(true);
    expect(message.mentions.users.has(fake.botUser.id)).toBe(true);
  });

  it("GIVEN a client without MESSAGE_CONTENT WHEN bob posts without mentioning the bot THEN the content arrives empty, but a mention shows it", async () => {
    running = await connectTestClient({}, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const { fake, client } = running;
    const contents: string[] = [];
    client.on(Events.MessageCreate, (m) => contents.push(m.content));

    fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("bob"), content: "secret" });
    fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("bob"), content: "hi bot", mentionsBot: true });
    await fake.waitFor(() => contents.length === 2);

    expect(contents).toEqual(["", `<@${fake.botUser.id}> hi bot`]);
  });

  it("GIVEN a short heartbeat interval WHEN the client heartbeats THEN the fake acknowledges and discord.js measures a ping", async () => {
    running = await connectTestClient({ heartbeatIntervalMs: 50 });
    const { fake, client } = running;

    await fake.waitFor(() => fake.stats.gateway.heartbeats >= 2 && client.ws.ping >= 0);

    expect(client.ws.status).toBe(0); // Status.Ready: no zombie-connection reconnects
    expect(fake.stats.gateway.identifies).toBe(1);
  });

  it("GIVEN a wrong token WHEN the client logs in THEN login fails as with Discord's 401", async () => {
    const fake = await startFakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restUrl } });
    try {
      await expect(client.login("not-the-token")).rejects.toThrow(/invalid token/i);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it("GIVEN the MESSAGE_CONTENT intent is not enabled for the app WHEN the client asks for it THEN the gateway refuses (4014)", async () => {
    const fake = await startFakeDiscord({ privilegedIntents: { messageContent: false } });
    const client = new Client({ intents: TEST_INTENTS, rest: { api: fake.restUrl } });
    try {
      await expect(client.login(fake.botToken)).rejects.toThrow(/disallowed intents/i);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
