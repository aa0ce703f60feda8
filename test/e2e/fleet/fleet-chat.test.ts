/**
 * Chat across a fleet: two `bedrock-bot start` processes (the built CLI) holding two shards each of four, on one
 * Redis, over 40 guilds of the fake Discord. Every message is answered exactly once, by the process holding its
 * guild's shard (read off each process's own /metrics), and the per-user rate limit is one budget for the fleet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numberedGuilds, shardOfGuild, type StoredMessage } from "../../fakes/discord/index.ts";
import { startFleetRig, type FleetBot, type FleetRig } from "./start-fleet-bot.ts";

const GUILDS = 40;
const SHARD_COUNT = 4;
const MESSAGES = 200;
/** The fleet's budget per user and minute: exactly the burst, so the next message of the same user is refused. */
const PER_MINUTE = MESSAGES;
const SLICES = [[0, 1], [2, 3]] as const;
/** Hang guards on a busy machine, not timings: 200 answers at the bots' edit pace of 4 per second per process. */
const ANSWERS_TIMEOUT_MS = 240_000;
const REFUSAL = "You're sending requests too quickly";

let rig: FleetRig;
let bots: FleetBot[];
/** Each process's /metrics, from its "serving /healthz…" log line. */
let metricsUrls: string[];

beforeAll(async () => {
  rig = await startFleetRig({
    store: "redis",
    discord: { guilds: numberedGuilds(GUILDS), recommendedShards: SHARD_COUNT, maxConcurrency: SHARD_COUNT },
    bot: { rate_limit_per_minute: PER_MINUTE },
    extraToml: `[observability]\nlisten = "127.0.0.1:0"\n`,
  });
  bots = SLICES.map((shards) => rig.startBot({ shards: shards.join(","), shardCount: SHARD_COUNT }));
  await Promise.all(bots.map((bot) => bot.connected()));
  metricsUrls = await Promise.all(
    bots.map(async (bot) => `${(await bot.process.waitFor(/"url":"(http:\/\/[^"]+)"[^\n]*serving \/healthz/, { description: "the metrics endpoint" }))[1]}/metrics`),
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
  rig?.discord.assertNoViolations();
});

/** The bot's replies to `question`. */
function repliesTo(question: StoredMessage): StoredMessage[] {
  return [...rig.discord.world.messages.values()].filter((m) => m.authorId === rig.discord.botUser.id && m.messageReference?.message_id === question.id);
}

/** Chat turns a process answered, summed over models and outcomes, from its Prometheus text. */
async function chatTurns(url: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("bedrock_bot_chat_turns_total{"))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe("a fleet of two processes, two shards each", () => {
  it(`GIVEN ${MESSAGES} mentions spread over ${GUILDS} guilds, and then two more of the same user WHEN they all arrive at once THEN each of the ${MESSAGES} is answered exactly once, by the process holding its guild's shard, and the rest are refused by the fleet's one rate limit`, async () => {
    expect(
      rig.discord
        .shardSessions()
        .filter((session) => session.connected)
        .map((session) => session.shard.join("/"))
        .sort(),
    ).toEqual(["0/4", "1/4", "2/4", "3/4"]);
    const alice = rig.discord.userId("alice");
    const guilds = [...rig.discord.world.guilds.values()];
    const questions = Array.from({ length: MESSAGES + 2 }, (_, i) => {
      const guild = guilds[i % guilds.length]!;
      return { guild, message: rig.discord.userSays({ channelId: rig.discord.channelId("general", guild.name), authorId: alice, content: `question ${i + 1}`, mentionsBot: true }) };
    });

    const answered = (question: StoredMessage) => repliesTo(question).some((reply) => reply.content.includes(" out · "));
    const refused = (question: StoredMessage) => repliesTo(question).some((reply) => reply.content.includes(REFUSAL)) || question.reactions.has("⏳");
    await rig.discord.waitFor(() => questions.every(({ message }) => answered(message) || refused(message)), { timeoutMs: ANSWERS_TIMEOUT_MS });

    const answers = questions.filter(({ message }) => answered(message));
    expect(answers).toHaveLength(MESSAGES);
    expect(questions.filter(({ message }) => refused(message))).toHaveLength(2);
    // Exactly once: one reply per question, however many processes saw the fleet's events.
    for (const { message } of questions) expect(repliesTo(message).length).toBeLessThanOrEqual(1);
    // Told once, then only a ⏳: the "told already" mark is the fleet's too.
    expect(questions.filter(({ message }) => repliesTo(message).some((reply) => reply.content.includes(REFUSAL)))).toHaveLength(1);

    // Each process answered exactly the answered questions of the guilds on its shards.
    const expected = SLICES.map((slice) => answers.filter(({ guild }) => (slice as readonly number[]).includes(shardOfGuild(guild.id, SHARD_COUNT))).length);
    expect(expected[0]! + expected[1]!).toBe(MESSAGES);
    expect(expected.every((count) => count > 0)).toBe(true);
    expect(await Promise.all(metricsUrls.map(chatTurns))).toEqual(expected);
  }, ANSWERS_TIMEOUT_MS + 60_000);
});
