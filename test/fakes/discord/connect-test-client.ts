import { once } from "node:events";
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from "discord.js";
import type { FakeDiscord } from "./fake-discord.ts";
import type { FakeDiscordOptions } from "./options.ts";
import { startFakeDiscord } from "./start-fake-discord.ts";

/** Test support: a fake Discord and a real discord.js Client logged in to it and ready. */
export interface FakeAndClient {
  fake: FakeDiscord;
  client: Client<true>;
  /** Destroys the client, closes the fake, then fails if the fake recorded violations. */
  stop: () => Promise<void>;
}

/** Intents the test client asks for: guilds, guild messages with content, DMs. */
export const TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
];

/** Starts a fake (with `options`) and logs a discord.js Client (with `clientOptions`) in to it; resolves once ready. */
export async function connectTestClient(options: FakeDiscordOptions = {}, clientOptions: Partial<ClientOptions> = {}): Promise<FakeAndClient> {
  const fake = await startFakeDiscord(options);
  const client = new Client({
    intents: TEST_INTENTS,
    // DM channels are not in the cache until a DM arrives; discord.js needs this partial to emit DM messages.
    partials: [Partials.Channel],
    ...clientOptions,
    rest: { api: fake.restUrl, ...clientOptions.rest },
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.botToken);
  await ready;
  return {
    fake,
    client: client as Client<true>,
    stop: async () => {
      await client.destroy();
      await fake.close();
      fake.assertNoViolations();
    },
  };
}
