// Sharding against the fake gateway: real discord.js Clients running some shards each (as a fleet of bot processes
// would), and raw `ws` connections where a test needs one exact IDENTIFY and its answer.
import { once } from "node:events";
import { Client, Events, GatewayDispatchEvents, Partials, type ClientOptions, type Interaction, type Message } from "discord.js";
import { GatewayCloseCodes, GatewayOpcodes } from "discord-api-types/v10";
import { WebSocket } from "ws";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_INTENTS } from "./connect-test-client.ts";
import { numberedGuilds, shardOfGuild, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "./index.ts";

const GUILD_COUNT = 40;
const INTENT_BITS = TEST_INTENTS.reduce((all, bit) => all | bit, 0);

/** A logged-in discord.js Client and what its shards received. */
interface ShardClient {
  client: Client<true>;
  /** Guild ids of the GUILD_CREATEs it received. */
  guildCreates: string[];
  messages: Message[];
  interactions: Interaction[];
}

/** The first answer to a raw IDENTIFY: a dispatch (READY), an opcode (9), or the close code. */
interface IdentifyAnswer {
  op?: number;
  t?: string;
  d?: unknown;
  closeCode?: number;
}

describe("fake Discord gateway sharding", () => {
  let fake: FakeDiscord | undefined;
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await fake?.close();
    fake?.assertNoViolations();
    fake = undefined;
  });

  async function start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    fake = await startFakeDiscord(options);
    return fake;
  }

  /** Logs a real discord.js Client in with the given shard options; resolves once all its shards are ready. */
  async function login(on: FakeDiscord, shardOptions: Pick<ClientOptions, "shards" | "shardCount">): Promise<ShardClient> {
    const client = new Client({ intents: TEST_INTENTS, partials: [Partials.Channel], rest: { api: on.restUrl }, ...shardOptions });
    clients.push(client);
    const received: ShardClient = { client: client as Client<true>, guildCreates: [], messages: [], interactions: [] };
    client.ws.on(GatewayDispatchEvents.GuildCreate, (data: { id: string }) => received.guildCreates.push(data.id));
    client.on(Events.MessageCreate, (message) => received.messages.push(message));
    client.on(Events.InteractionCreate, (interaction) => {
      received.interactions.push(interaction);
      if (interaction.isChatInputCommand()) void interaction.reply("ok");
    });
    const ready = once(client, Events.ClientReady);
    await client.login(on.botToken);
    await ready;
    return received;
  }

  /** Two Clients, one per shard of two, over GUILD_COUNT guilds (max_concurrency 2: both identify at once). */
  async function twoShards(): Promise<{ fake: FakeDiscord; shards: [ShardClient, ShardClient] }> {
    const f = await start({ guilds: numberedGuilds(GUILD_COUNT), maxConcurrency: 2 });
    const shards = await Promise.all([login(f, { shards: [0], shardCount: 2 }), login(f, { shards: [1], shardCount: 2 })]);
    return { fake: f, shards };
  }

  /** The general channel of each guild a shard owns. */
  function channelsOfShard(f: FakeDiscord, shard: number, count: number): string[] {
    return [...f.world.guilds.values()].filter((g) => shardOfGuild(g.id, count) === shard).map((g) => f.channelId("general", g.name));
  }

  /** Opens a raw gateway connection, waits for HELLO, sends IDENTIFY (with `shard` unless undefined), returns the answer. */
  async function rawIdentify(on: FakeDiscord, shard: unknown): Promise<IdentifyAnswer> {
    const socket = new WebSocket(`${on.gatewayUrl}?v=10&encoding=json`);
    sockets.push(socket);
    const messages: IdentifyAnswer[] = [];
    let closeCode: number | undefined;
    socket.on("message", (raw: Buffer) => messages.push(JSON.parse(raw.toString("utf8")) as IdentifyAnswer));
    socket.on("close", (code) => (closeCode = code));
    await on.waitFor(() => messages.some((m) => m.op === GatewayOpcodes.Hello), { description: "HELLO" });
    const identify = { token: on.botToken, intents: INTENT_BITS, properties: { os: "linux", browser: "test", device: "test" }, ...(shard === undefined ? {} : { shard }) };
    socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: identify }));
    return on.waitFor(
      () => messages.find((m) => m.op !== GatewayOpcodes.Hello) ?? (closeCode === undefined ? undefined : { closeCode }),
      { description: `the answer to IDENTIFY with shard ${JSON.stringify(shard)}` },
    );
  }

  it("GIVEN 40 guilds and two Clients on shards 0 and 1 of 2 WHEN a user posts in every guild THEN each Client gets GUILD_CREATE and MESSAGE_CREATE only for its own guilds, all 40 between them", async () => {
    const { fake: f, shards } = await twoShards();
    const alice = f.userId("alice");

    const posted = [...f.world.guilds.values()].map((g) => f.userSays({ channelId: f.channelId("general", g.name), authorId: alice, content: `hello ${g.name}` }));
    await f.waitFor(() => shards[0].messages.length + shards[1].messages.length === GUILD_COUNT, { description: "every message delivered" });

    for (const [index, shard] of shards.entries()) {
      const owned = [...f.world.guilds.keys()].filter((id) => shardOfGuild(id, 2) === index).sort();
      expect(shard.guildCreates.sort()).toEqual(owned);
      expect([...shard.client.guilds.cache.keys()].sort()).toEqual(owned);
      expect(shard.messages.every((m) => m.guildId !== null && shardOfGuild(m.guildId, 2) === index && m.guild?.shardId === index)).toBe(true);
    }
    // Seeded guild ids are a millisecond apart, so two shards share the guilds evenly.
    expect(shards.map((s) => s.guildCreates.length)).toEqual([GUILD_COUNT / 2, GUILD_COUNT / 2]);
    expect(new Set([...shards[0].messages, ...shards[1].messages].map((m) => m.id))).toEqual(new Set(posted.map((m) => m.id)));
    expect(f.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 1 });
    expect(f.stats.gateway.identifiesRateLimited).toBe(0);
  });

  it("GIVEN two Clients on shards 0 and 1 of 2 WHEN a user writes the bot a DM THEN only shard 0 receives it", async () => {
    const { fake: f, shards } = await twoShards();
    const alice = f.userId("alice");

    const dm = f.userSays({ channelId: f.dmChannel(alice).id, authorId: alice, content: "a private question" });
    // Dispatches of one session arrive in order: once shard 1 has this later message, it would have had the DM.
    const fence = f.userSays({ channelId: channelsOfShard(f, 1, 2)[0]!, authorId: alice, content: "fence" });
    await f.waitFor(() => shards[0].messages.some((m) => m.id === dm.id) && shards[1].messages.some((m) => m.id === fence.id), { description: "the DM on shard 0, the fence on shard 1" });

    expect(shards[0].messages.map((m) => m.id)).toEqual([dm.id]);
    expect(shards[1].messages.map((m) => m.id)).toEqual([fence.id]);
  });

  it("GIVEN two Clients on shards 0 and 1 of 2 WHEN users run a slash command in a guild of each shard and in a DM THEN each interaction reaches only the shard that owns it (DMs: shard 0)", async () => {
    const { fake: f, shards } = await twoShards();
    await shards[0].client.application.commands.set([{ name: "ping", description: "Answers ok" }]);
    const alice = f.userId("alice");

    const inShard1 = f.runCommand({ name: "ping", channelId: channelsOfShard(f, 1, 2)[0]!, userId: alice });
    const inDm = f.runCommand({ name: "ping", channelId: f.dmChannel(alice).id, userId: alice });
    const inShard0 = f.runCommand({ name: "ping", channelId: channelsOfShard(f, 0, 2)[0]!, userId: alice });
    const fence1 = f.runCommand({ name: "ping", channelId: channelsOfShard(f, 1, 2)[1]!, userId: alice });
    await f.waitFor(() => [inShard1, inDm, inShard0, fence1].every((i) => i.response !== null), { description: "every interaction answered" });

    expect(shards[0].interactions.map((i) => i.id)).toEqual([inDm.id, inShard0.id]);
    expect(shards[1].interactions.map((i) => i.id)).toEqual([inShard1.id, fence1.id]);
  });

  it("GIVEN a raw connection WHEN IDENTIFY names an impossible shard THEN the gateway closes with 4010 Invalid shard", async () => {
    const f = await start({});

    for (const shard of [[2, 2], [-1, 2], [0, 0], [0.5, 2], ["0", "1"], [0], "0"]) {
      expect(await rawIdentify(f, shard), JSON.stringify(shard)).toEqual({ closeCode: GatewayCloseCodes.InvalidShard });
    }
    expect(f.stats.gateway.identifies).toBe(0);
  });

  it("GIVEN 40 guilds and at most 10 per shard WHEN IDENTIFY asks for too few shards THEN the gateway closes with 4011 Sharding required, and four shards are accepted", async () => {
    const f = await start({ guilds: numberedGuilds(GUILD_COUNT), maxGuildsPerShard: 10, maxConcurrency: 4 });

    expect(await rawIdentify(f, undefined)).toEqual({ closeCode: GatewayCloseCodes.ShardingRequired });
    expect(await rawIdentify(f, [1, 2])).toEqual({ closeCode: GatewayCloseCodes.ShardingRequired });
    const ready = await rawIdentify(f, [3, 4]);

    expect(ready.t).toBe("READY");
    const d = ready.d as { shard: number[]; guilds: { id: string }[] };
    expect(d.shard).toEqual([3, 4]);
    expect(d.guilds.map((g) => g.id).sort()).toEqual([...f.world.guilds.keys()].filter((id) => shardOfGuild(id, 4) === 3).sort());
    expect(d.guilds).toHaveLength(10);
  });

  it("GIVEN max_concurrency 2 WHEN a second IDENTIFY of a bucket comes within the window THEN it gets op 9 Invalid Session (d: false), while the other bucket identifies at once", async () => {
    const f = await start({ guilds: numberedGuilds(8), maxConcurrency: 2 });

    const first = await rawIdentify(f, [0, 4]);
    const otherBucket = await rawIdentify(f, [1, 4]);
    // Shard 2 is in bucket 2 % 2 = 0, which shard 0 used just now (the window is 5 s; this follows at once).
    const sameBucket = await rawIdentify(f, [2, 4]);

    expect([first.t, otherBucket.t]).toEqual(["READY", "READY"]);
    expect(sameBucket).toMatchObject({ op: GatewayOpcodes.InvalidSession, d: false });
    expect(f.stats.gateway.identifiesByShard).toEqual({ "0/4": 1, "1/4": 1 });
    expect(f.stats.gateway.identifiesRateLimited).toBe(1);
    expect(f.shardSessions().map((s) => s.shard)).toEqual([[0, 4], [1, 4]]);
  });

  it("GIVEN max_concurrency 1 WHEN two Clients (two processes) identify shards 0 and 1 together THEN one gets op 9, discord.js waits and identifies again, and both become ready", async () => {
    const f = await start({ guilds: numberedGuilds(GUILD_COUNT) });

    // Both logins start together, so the later IDENTIFY follows the earlier by far less than the 5 s window.
    const shards = await Promise.all([login(f, { shards: [0], shardCount: 2 }), login(f, { shards: [1], shardCount: 2 })]);

    expect(f.stats.gateway.identifiesRateLimited).toBeGreaterThanOrEqual(1);
    expect(f.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 1 });
    expect(shards.map((s) => s.client.guilds.cache.size)).toEqual([GUILD_COUNT / 2, GUILD_COUNT / 2]);
  });

  it("GIVEN one Client ready on the only shard WHEN a second copy of the bot identifies as the same shard THEN both sessions live, both receive every message, and shardSessions shows both", async () => {
    const f = await start({});
    const first = await login(f, {});
    const second = await login(f, {});

    const sent = f.userSays({ channelId: f.channelId("general"), authorId: f.userId("alice"), content: "who answers?" });
    await f.waitFor(() => first.messages.length === 1 && second.messages.length === 1, { description: "the message on both sessions" });

    expect([first.messages[0]!.id, second.messages[0]!.id]).toEqual([sent.id, sent.id]);
    const sessions = f.shardSessions();
    expect(sessions.map((s) => [s.shard, s.connected])).toEqual([
      [[0, 1], true],
      [[0, 1], true],
    ]);
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(2);
    expect(f.stats.gateway.identifiesByShard).toEqual({ "0/1": 2 });
  });

  it("GIVEN recommendedShards 3 and maxConcurrency 4 WHEN the bot asks GET /gateway/bot THEN it answers them, and remaining falls with each IDENTIFY", async () => {
    const f = await start({ recommendedShards: 3, maxConcurrency: 4 });
    const gatewayBot = async () => {
      const response = await fetch(`${f.restUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${f.botToken}` } });
      return (await response.json()) as { url: string; shards: number; session_start_limit: { total: number; remaining: number; max_concurrency: number } };
    };

    const before = await gatewayBot();
    await rawIdentify(f, [2, 3]);
    const after = await gatewayBot();

    expect(before).toMatchObject({ url: f.gatewayUrl, shards: 3, session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 4 } });
    expect(after.session_start_limit.remaining).toBe(999);
  });

  it("GIVEN more than 1000 guilds and no recommendedShards WHEN the bot asks GET /gateway/bot THEN it recommends Discord's one shard per 1000 guilds", async () => {
    const f = await start({ guilds: numberedGuilds(1001, { channels: [{ name: "general" }] }) });

    const response = await fetch(`${f.restUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${f.botToken}` } });

    expect(await response.json()).toMatchObject({ shards: 2, session_start_limit: { max_concurrency: 1 } });
  });

  it("GIVEN recommendedShards 2 WHEN a Client logs in with shards 'auto' THEN it runs both shards, each with its own guilds", async () => {
    const f = await start({ guilds: numberedGuilds(GUILD_COUNT), recommendedShards: 2, maxConcurrency: 2 });

    const { client } = await login(f, { shards: "auto" });

    expect(client.ws.shards.size).toBe(2);
    expect(client.guilds.cache.size).toBe(GUILD_COUNT);
    expect(client.guilds.cache.every((g) => g.shardId === shardOfGuild(g.id, 2))).toBe(true);
    expect(f.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 1 });
    expect(f.requests.filter((r) => r.route === "gateway.bot").length).toBeGreaterThanOrEqual(1);
  });
});
