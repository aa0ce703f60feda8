import { once } from "node:events";
import { Events, type Message } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type FakeAndClient } from "./connect-test-client.ts";

describe("fake Discord gateway drops with discord.js", () => {
  let running: FakeAndClient | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it("GIVEN a ready client WHEN the connection drops and a message arrives meanwhile THEN discord.js resumes and receives it", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const received = once(client, Events.MessageCreate) as Promise<[Message]>;

    fake.dropGateway();
    const missed = fake.userSays({ channelId: fake.channelId("general"), authorId: fake.userId("alice"), content: "while you were away" });

    const [message] = await received;
    expect(message.id).toBe(missed.id);
    expect(fake.stats.gateway.resumes).toBe(1);
    expect(fake.stats.gateway.identifies).toBe(1);
  });

  it("GIVEN a ready client WHEN the gateway asks it to reconnect (op 7) THEN it resumes the same session", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    const resumed = once(client, Events.ShardResume);

    fake.requestReconnect();

    await resumed;
    expect(fake.stats.gateway.resumes).toBe(1);
    expect(fake.stats.gateway.identifies).toBe(1);
  });

  it("GIVEN a ready client WHEN the session is invalidated with the drop THEN discord.js identifies again", async () => {
    running = await connectTestClient();
    const { fake, client } = running;
    // discord.js spaces IDENTIFYs 5 s apart (+ up to 1.5 s jitter), as Discord's max_concurrency 1 requires.
    // Wait for the shard to be ready again: destroying a client that awaits READY makes it reconnect forever.
    const readyAgain = once(client, Events.ShardReady);

    fake.dropGateway({ resumable: false });

    await readyAgain;
    expect(fake.stats.gateway.identifies).toBe(2);
    expect(fake.stats.gateway.resumes).toBe(0);
  });
});
