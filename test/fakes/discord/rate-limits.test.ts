import type { TextChannel } from "discord.js";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";
import { startFakeDiscord } from "./start-fake-discord.ts";

describe("fake Discord rate limits with discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const general = async (r: FakeAndClient): Promise<TextChannel> => (await r.client.channels.fetch(r.fake.channelId("general"))) as TextChannel;
  const statusesOf = (r: FakeAndClient, route: string): number[] => r.fake.requests.filter((q) => q.route === route).map((q) => q.status);

  it("GIVEN edits limited to 2 per 400 ms WHEN discord.js edits one message 7 times at once THEN all land in order with zero 429s", async () => {
    running = await connectTestClient({ rateLimits: { buckets: { messageEdit: { limit: 2, windowMs: 400 } } } });
    const { fake } = running;
    const sent = await (await general(running)).send("0");

    await Promise.all(["1", "2", "3", "4", "5", "6", "7"].map((n) => sent.edit(n)));

    expect(fake.message(sent.id)?.versions.map((v) => v.content)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(fake.stats.rateLimited).toBe(0);
    expect(statusesOf(running, "messages.edit")).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it("GIVEN a client that ignores the headers WHEN it fires 4 edits at once THEN the fake answers 429 with Discord's body and headers", async () => {
    running = await connectTestClient({ rateLimits: { buckets: { messageEdit: { limit: 2, windowMs: 10_000 } } } });
    const { fake } = running;
    const sent = await (await general(running)).send("0");
    const url = `${fake.restUrl}/v10/channels/${sent.channelId}/messages/${sent.id}`;
    const edit = (content: string): Promise<Response> =>
      fetch(url, { method: "PATCH", headers: { Authorization: `Bot ${fake.botToken}`, "Content-Type": "application/json" }, body: JSON.stringify({ content }) });

    const responses = await Promise.all(["1", "2", "3", "4"].map(edit));

    const limited = responses.filter((res) => res.status === 429);
    expect(limited).toHaveLength(2);
    const body = (await limited[0]!.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toMatchObject({ message: "You are being rate limited.", global: false });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(limited[0]!.headers.get("Retry-After")).not.toBeNull();
    expect(limited[0]!.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(limited[0]!.headers.get("X-RateLimit-Bucket")).toBe("fake-msg-edit");
    expect(fake.stats.rateLimited).toBe(2);
  });

  it("GIVEN any bot-token route WHEN it answers THEN the X-RateLimit headers are there", async () => {
    running = await connectTestClient();
    const { fake } = running;

    const response = await fetch(`${fake.restUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${fake.botToken}` } });

    expect(response.status).toBe(200);
    for (const header of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket"]) {
      expect(response.headers.get(header), header).not.toBeNull();
    }
  });

  it("GIVEN a global limit of 3/s WHEN a client fires 5 requests at once THEN the extra ones get a global 429", async () => {
    const fake = await startFakeDiscord({ rateLimits: { globalPerSecond: 3 } });
    onTestFinished(() => fake.close());

    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => fetch(`${fake.restUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${fake.botToken}` } })));

    const limited = responses.filter((res) => res.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0]!.headers.get("X-RateLimit-Global")).toBe("true");
    expect(await limited[0]!.json()).toMatchObject({ global: true });
  });

  it("GIVEN an injected 429 on message creates WHEN discord.js sends THEN it waits, retries and succeeds, and stats count the 429", async () => {
    running = await connectTestClient();
    const { fake } = running;
    fake.inject429("messages.create", 1, 0.2);

    const sent = await (await general(running)).send("after a pause");

    expect(fake.message(sent.id)?.content).toBe("after a pause");
    expect(fake.stats.injected429).toBe(1);
    expect(fake.stats.rateLimited).toBe(0);
    expect(statusesOf(running, "messages.create")).toEqual([429, 200]);
  });

  it("GIVEN two injected 500s on edits WHEN discord.js edits THEN it retries and succeeds", async () => {
    running = await connectTestClient();
    const { fake } = running;
    const sent = await (await general(running)).send("v1");
    fake.inject5xx("PATCH /channels/:id/messages/:id", 2);

    await sent.edit("v2");

    expect(fake.message(sent.id)?.content).toBe("v2");
    expect(statusesOf(running, "messages.edit")).toEqual([500, 500, 200]);
    expect(fake.stats.injected5xx).toBe(2);
  });
});

describe("fake Discord global limit with discord.js", () => {
  it("GIVEN 30 channels WHEN discord.js sends 120 messages at once THEN its own 50/s pacing gets zero 429s from the fake", async () => {
    const channels = Array.from({ length: 30 }, (_, i) => ({ name: `room-${i}` }));
    const running = await connectTestClient({ guilds: [{ name: "Busy Guild", channels, members: [{ username: "alice" }] }] });
    onTestFinished(() => running.stop());
    const { fake, client } = running;

    await Promise.all(
      [0, 1, 2, 3].flatMap((round) => channels.map((c) => (client.channels.cache.get(fake.channelId(c.name)) as TextChannel).send(`message ${round}`))),
    );

    expect(fake.stats.rateLimited).toBe(0);
    expect(fake.messages(fake.channelId("room-7")).map((m) => m.content)).toEqual(["message 0", "message 1", "message 2", "message 3"]);
  });
});
