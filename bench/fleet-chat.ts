/**
 * fleet_chat: chat messages answered per second by one bot process holding both shards against two processes
 * holding one shard each — the built CLI (`bedrock-bot start --shards … --shard-count 2`) on one Redis, over the same
 * 40 guilds of the fake Discord and the zero-latency fake Bedrock (it echoes). Discord's REST limits are lifted in
 * the fake for this run: a real fleet shares one global limit of 50 requests/s per bot token, which would be what
 * is measured otherwise, not the processes.
 *
 * Per layout: a sequential pass (one mention at a time, so nothing queues) gives each process's handler latency —
 * the message dispatched on the gateway -> its Converse request at the fake Bedrock — then a burst of `--messages`
 * mentions spread over every guild, all dispatched at once, gives the throughput: messages / (last answer final -
 * first dispatch). `ratio` = two processes / one. On a 2-core machine the fakes, Redis and the bots share the cores,
 * so the ratio says how much of the work the processes split, not what more machines would give.
 *
 * `node bin/run-ts.js bench/fleet-chat.ts [--messages 200] [--sequential 40]` (prints JSON; `npm run build` first).
 */
import { numberedGuilds, shardOfGuild, type StoredMessage } from "../test/fakes/discord/index.ts";
import { startFleetRig, type FleetRig } from "../test/e2e/fleet/start-fleet-bot.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { summarizeLatencies, type LatencySummary } from "./measure.ts";

const GUILDS = 40;
const SHARD_COUNT = 2;
/** A hang guard on a busy machine, not a timing. */
const ANSWER_TIMEOUT_MS = 120_000;
const LIFTED = 1_000_000;

const nowMs = () => performance.timeOrigin + performance.now();

interface LayoutResult {
  processes: number;
  messagesPerSecond: number;
  burstSeconds: number;
  /** What discord.js sent the fake during the burst: its own limiter allows 50/s per process by default. */
  discordRequestsPerSecond: number;
  discordRequestsPerAnswer: Record<string, number>;
  /** Handler latency (gateway dispatch -> Converse request) of each process, sequential pass. */
  handlerLatency: LatencySummary[];
  /** The same under the burst, where messages queue behind each other. */
  burstHandlerLatency: LatencySummary[];
}

export async function benchFleetChat(opts: { messages: number; sequential: number }): Promise<Record<string, unknown>> {
  const one = await runLayout([[0, 1]], opts);
  const two = await runLayout([[0], [1]], opts);
  return {
    guilds: GUILDS,
    shardCount: SHARD_COUNT,
    messages: opts.messages,
    oneProcess: one,
    twoProcesses: two,
    ratio: Math.round((two.messagesPerSecond / one.messagesPerSecond) * 100) / 100,
  };
}

async function runLayout(layout: number[][], opts: { messages: number; sequential: number }): Promise<LayoutResult> {
  const rig = await startFleetRig({
    store: "redis",
    discord: {
      guilds: numberedGuilds(GUILDS),
      recommendedShards: SHARD_COUNT,
      maxConcurrency: SHARD_COUNT,
      rateLimits: { globalPerSecond: LIFTED, buckets: Object.fromEntries(["messageCreate", "messageEdit", "typing", "default"].map((name) => [name, { limit: LIFTED }])) },
    },
    bot: { rate_limit_per_minute: 0, stream_edit_interval_ms: 1000 },
  });
  try {
    const bots = layout.map((shards) => rig.startBot({ shards: shards.join(","), shardCount: SHARD_COUNT }));
    await Promise.all(bots.map((bot) => bot.connected()));
    const processOf = (shard: number) => layout.findIndex((shards) => shards.includes(shard));
    const channels = [...rig.discord.world.guilds.values()].map((guild) => ({ channelId: rig.discord.channelId("general", guild.name), process: processOf(shardOfGuild(guild.id, SHARD_COUNT)) }));
    const alice = rig.discord.userId("alice");
    let sent = 0;
    const say = (channel: { channelId: string }) => {
      sent += 1;
      const marker = `fleet-bench-${sent}x`;
      const at = nowMs();
      const message = rig.discord.userSays({ channelId: channel.channelId, authorId: alice, content: `${marker} hello`, mentionsBot: true });
      return { marker, at, message };
    };

    // Warm-up and sequential pass: one message at a time, round the guilds.
    const sequential: number[][] = layout.map(() => []);
    for (let i = 0; i < opts.sequential + layout.length * 2; i++) {
      const channel = channels[i % channels.length]!;
      const turn = say(channel);
      const request = await converseRequest(rig, turn.marker);
      await answered(rig, [turn.message]);
      if (i >= layout.length * 2) sequential[channel.process]!.push(request.receivedAt - turn.at);
    }

    // Burst: every message dispatched at once.
    const burst = Array.from({ length: opts.messages }, (_, i) => ({ channel: channels[i % channels.length]!, ...say(channels[i % channels.length]!) }));
    const started = burst[0]!.at;
    const requestsBefore = rig.discord.requests.length;
    await answered(rig, burst.map((turn) => turn.message));
    const seconds = (nowMs() - started) / 1000;
    const burstRequests = rig.discord.requests.slice(requestsBefore);
    const burstLatency: number[][] = layout.map(() => []);
    for (const turn of burst) burstLatency[turn.channel.process]!.push((await converseRequest(rig, turn.marker)).receivedAt - turn.at);
    return {
      processes: layout.length,
      messagesPerSecond: Math.round((opts.messages / seconds) * 10) / 10,
      burstSeconds: Math.round(seconds * 1000) / 1000,
      discordRequestsPerSecond: Math.round((burstRequests.length / seconds) * 10) / 10,
      discordRequestsPerAnswer: countBy(burstRequests.map((request) => request.route), opts.messages),
      handlerLatency: sequential.map(summarizeLatencies),
      burstHandlerLatency: burstLatency.map(summarizeLatencies),
    };
  } finally {
    await rig.close();
  }
}

/** How many of each value per `per` (requests of each route per answer). */
function countBy(values: readonly string[], per: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, Math.round((count / per) * 100) / 100]));
}

async function converseRequest(rig: FleetRig, marker: string) {
  const find = () => rig.bedrock.requests.find((request) => JSON.stringify(request.body).includes(marker));
  await rig.discord.waitFor(() => find() !== undefined, { timeoutMs: ANSWER_TIMEOUT_MS });
  return find()!;
}

/** Every message has its answer, in its final form (the usage footer is written last). */
async function answered(rig: FleetRig, questions: readonly StoredMessage[]): Promise<void> {
  const ids = new Set(questions.map((question) => question.id));
  const done = () => {
    let final = 0;
    for (const message of rig.discord.world.messages.values()) {
      if (message.messageReference !== null && ids.has(message.messageReference.message_id ?? "") && message.content.includes(" out · ")) final += 1;
    }
    return final >= ids.size;
  };
  await rig.discord.waitFor(done, { timeoutMs: ANSWER_TIMEOUT_MS });
}

if (isMain(import.meta.url)) {
  const result = await benchFleetChat({ messages: numberFlag("--messages", 200), sequential: numberFlag("--sequential", 40) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
