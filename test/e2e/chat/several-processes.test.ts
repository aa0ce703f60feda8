/**
 * Several processes of one bot on one redis (`plugin-processes.ts`: a `createBedrockPlugin` per process, each on its
 * own discord.js Client running its own shards of the fake Discord, which routes each guild's events to the shard
 * owning it): the per-user rate limit counts across processes, and the Stop button of an answer reaches the process
 * writing it when the press lands on another one.
 *
 * How the press lands elsewhere: process A (shard 0 of 2) gets the question and streams the answer; then shard 0 is
 * handed over — A's gateway session ends (`leaveGateway`; A keeps its REST client, so its answer goes on streaming)
 * and a new process C identifies as shard 0. Every press in that guild now reaches C only, which never had the run:
 * whatever stops it must go through redis to A. The Stop test runs on sqlite too, where both "processes" are plugins
 * of this one process sharing the in-memory registry (a sqlite store is one process's).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, type LoadedConfig } from "../../../src/config/index.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { numberedGuilds, shardOfGuild, startFakeDiscord, type FakeDiscord, type FakeInteraction } from "../../fakes/discord/index.ts";
import { answerFinished, answerFinishedOrStopped, repliesTo } from "../answer-predicates.ts";
import { harnessConfigToml, TEST_MODEL } from "../bot-harness.ts";
import { redisKeys } from "../redis-keys.ts";
import { STORE_BACKENDS, type StoreBackend, type StorePlace } from "../../store/store-places.ts";
import type { StoreLocation } from "../../../src/store/store-location.ts";
import { startPluginProcess, type PluginProcess } from "./plugin-processes.ts";

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");

let discord: FakeDiscord;
let bedrock: FakeBedrock;
let place: StorePlace;
let store: StoreLocation;
const processes: PluginProcess[] = [];

afterEach(async () => {
  try {
    await Promise.all(processes.splice(0).map((process) => process.stop()));
    await discord.close();
    await bedrock.close();
    discord.assertNoViolations();
  } finally {
    await place.dispose(); // the redis keys under its prefix, or the sqlite file's folder
  }
});

/**
 * A store place of its own on `backend`, and two guilds, one per shard of two; identify windows short enough that a
 * third process need not wait 5 s.
 */
async function startWorld(backend: StoreBackend, bot: Record<string, unknown> = {}): Promise<{ config: LoadedConfig; guildOn: (shard: number) => string }> {
  place = await backend.createPlace("several-processes");
  store = { url: place.url, prefix: place.prefix };
  discord = await startFakeDiscord({ guilds: numberedGuilds(2), maxConcurrency: 2, identifyWindowMs: 50 });
  bedrock = await startFakeBedrock();
  const config = parseConfig(harnessConfigToml(bedrock.url, discord.cdnHost, { bot }), "several-processes.toml", {});
  const guildOn = (shard: number) => {
    const guild = [...discord.world.guilds.values()].find((candidate) => shardOfGuild(candidate.id, 2) === shard);
    if (guild === undefined) throw new Error(`no guild on shard ${shard}`);
    return discord.channelId("general", guild.name);
  };
  return { config, guildOn };
}

async function startProcess(config: LoadedConfig, shard: number): Promise<PluginProcess> {
  const started = await startPluginProcess(discord, { config, store, shards: [shard], shardCount: 2 });
  processes.push(started);
  return started;
}

/** A bot message with a Stop button for a run id nobody streams; returns its id. */
async function postWithStopButton(process: PluginProcess, channelId: string, content: string): Promise<string> {
  const channel = await process.client.channels.fetch(channelId);
  if (channel === null || !channel.isSendable()) throw new Error(`cannot post in ${channelId}`);
  const posted = await channel.send({ content });
  await posted.edit({ components: [{ type: 1, components: [{ type: 2, style: 2, label: "Stop", custom_id: `bdb:stop:${posted.id}` }] }] });
  return posted.id;
}

async function responseContent(interaction: FakeInteraction): Promise<string | undefined> {
  await discord.waitFor(() => interaction.response !== null, { description: "an answer to the button press" });
  return (interaction.response?.data as { content?: string } | undefined)?.content;
}

const [, redisPlaces] = STORE_BACKENDS;

describe("several bot processes on one redis", () => {
  it("GIVEN a limit of 1 a minute and two processes on shards 0 and 1 WHEN a user asks in a guild of each THEN the second process refuses: the count is shared", async () => {
    const { config, guildOn } = await startWorld(redisPlaces, { rate_limit_per_minute: 1 });
    await Promise.all([startProcess(config, 0), startProcess(config, 1)]);
    const alice = discord.userId("alice");
    bedrock.script(TEST_MODEL.id, { text: "Hello from shard 0." });

    const first = discord.userSays({ channelId: guildOn(0), authorId: alice, content: "hi", mentionsBot: true });
    const answered = await discord.waitForMessage({ channelId: guildOn(0), where: (m) => repliesTo(first.id)(m) && answerFinished(m) });
    const second = discord.userSays({ channelId: guildOn(1), authorId: alice, content: "hi again", mentionsBot: true });
    const refused = await discord.waitForMessage({ channelId: guildOn(1), where: repliesTo(second.id) });

    expect(answered.content).toContain("Hello from shard 0.");
    expect(refused.content).toMatch(/^❌ You're sending requests too quickly: try again in \d+ seconds?\.$/);
    expect(bedrock.requests).toHaveLength(1);
    expect(await redisKeys(`${store.prefix}rate-limit:*`)).toEqual([`${store.prefix}rate-limit:${alice}`]);
  });
});

/** On sqlite (one process by design) the "processes" are two plugins of this process, sharing the in-memory registry. */
describe.each(STORE_BACKENDS)("Stop across bot processes on $name", (backend) => {

  it("GIVEN an answer streaming on process A WHEN its shard moved to process C and Stop is pressed THEN C refuses someone else, answers an unknown run, and has A stop the asker's", async () => {
    const { config, guildOn } = await startWorld(backend);
    const a = await startProcess(config, 0);
    await startProcess(config, 1);
    const channelId = guildOn(0);
    const bob = discord.userId("bob");
    bedrock.setPace({ firstTokenMs: 20, deltaMs: 300 });
    bedrock.script(TEST_MODEL.id, { text: LONG });
    const question = discord.userSays({ channelId, authorId: bob, content: "talk slowly", mentionsBot: true });
    const answer = await discord.waitForMessage({ channelId, where: repliesTo(question.id) });
    const stopId = `bdb:stop:${question.id}`;

    await a.leaveGateway();
    const c = await startProcess(config, 0); // shard 0's new owner
    await discord.waitFor(() => discord.shardSessions().filter((session) => session.shard[0] === 0 && session.connected).length === 1, {
      description: "only C connected on shard 0",
    });

    const carol = discord.addMember({ username: "carol", guildId: discord.world.channels.get(channelId)?.guildId ?? undefined });
    const refused = discord.clickButton({ messageId: answer.id, customId: stopId, userId: carol.id });
    expect(await responseContent(refused)).toEqual(`Only <@${bob}>, who asked, or an admin can use these buttons.`);
    expect(refused.response?.data).toMatchObject({ flags: 64 });

    // A Stop button no process streams (as a crashed process leaves one behind once its run's key has expired).
    const leftover = await postWithStopButton(c, channelId, "an answer cut off by a crash");
    const unknown = discord.clickButton({ messageId: leftover, customId: `bdb:stop:${leftover}`, userId: bob });
    expect(await responseContent(unknown)).toEqual("That answer has already finished.");
    expect(answerFinishedOrStopped(answer)).toBe(false);

    // bob asked, so he may stop it (alice, the guild's owner, could too).
    discord.clickButton({ messageId: answer.id, customId: stopId, userId: bob });
    await discord.waitFor(() => answerFinishedOrStopped(answer), { description: "the answer stopped by A" });
    expect(answer.content).toContain("⏹️ Stopped.");
    expect(answer.content).not.toContain(LONG);
    expect(JSON.stringify(answer.components)).not.toContain("bdb:stop:");

    // The asker's Stop went through C: A's answer is the only one, and its stream was cut.
    expect(bedrock.requests).toHaveLength(1);
  });
});
