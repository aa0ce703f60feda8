/**
 * One process per shard slice, exactly one holder per shard: `bedrock-bot start --shards …` children (the built CLI)
 * against the fake Discord, on real Redis (a prefix of the test's own) and on a sqlite file.
 */
import { createClient } from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { LEASE_LOST_EXIT_CODE } from "../../../src/bot/start-bot.ts";
import { LEASES_NAMESPACE, redisLeaseKey } from "../../../src/store/claim-lease.ts";
import { numberedGuilds } from "../../fakes/discord/index.ts";
import { startFleetRig, type FleetBot, type FleetRig } from "./start-fleet-bot.ts";

/** Short, so a dead holder's shard frees quickly; long enough that a busy machine still renews in time. */
const LEASE_SECONDS = 5;
const EXIT_TIMEOUT_MS = 60_000;

let rig: FleetRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig?.discord.assertNoViolations();
  rig = undefined;
});

/** The shards with a live gateway connection, each as often as it is connected. */
function connectedShards(current: FleetRig): string[] {
  return current.discord
    .shardSessions()
    .filter((session) => session.connected)
    .map((session) => session.shard.join("/"))
    .sort();
}

/** Waits for the fake to see the sockets of ended processes close (a hang guard, not a timing). */
async function untilConnected(current: FleetRig, expected: string[]): Promise<void> {
  const deadline = Date.now() + EXIT_TIMEOUT_MS;
  while (JSON.stringify(connectedShards(current)) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) expect(connectedShards(current)).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a refused process printed last: its one sentence (after the config and prerequisite notes). */
function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

async function exitOf(bot: FleetBot): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the process did not exit:\n${bot.process.output}`)), EXIT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([bot.process.exited(), guard]);
  } finally {
    clearTimeout(timer);
  }
}

describe("shard leases on Redis", () => {
  it(
    "GIVEN two processes with shards 0 and 1 WHEN a third asks for a held shard, and after the holder of shard 1 is killed -9 THEN one session per shard throughout",
    async () => {
      rig = await startFleetRig({ store: "redis", discord: { guilds: numberedGuilds(6), recommendedShards: 2 }, bot: { lease_seconds: LEASE_SECONDS } });
      const { discord } = rig;

      // Started together: their IDENTIFYs are spaced through Redis, so Discord refuses none (op 9).
      const first = rig.startBot({ shards: "0" });
      const second = rig.startBot({ shards: "1", shardCount: 2 });
      expect(await first.connected()).toEqual({ shards: [0], shardCount: 2 });
      expect(await second.connected()).toEqual({ shards: [1], shardCount: 2 });
      expect(connectedShards(rig)).toEqual(["0/2", "1/2"]);
      expect(discord.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 1 });
      expect(discord.stats.gateway.identifiesRateLimited).toBe(0);

      const third = rig.startBot({ shards: "1" });
      expect(await exitOf(third)).toBe(2);
      expect(lastLine(third.process.stderr)).toMatch(
        /^Shard 1 is held by another process \(\S+ pid \d+ #[0-9a-f]{6}\): start this one with other --shards, or stop that one \(a process that died frees its shards within 5 s; --wait-for-shards waits for that\)\.$/,
      );
      expect(third.process.stderr).toContain(`pid ${await second.pid()} `);

      const otherCount = rig.startBot({ shards: "3", shardCount: 4 });
      expect(await exitOf(otherCount)).toBe(2);
      expect(lastLine(otherCount.process.stderr)).toMatch(/^The bot's other processes run with a shard count of 2, not 4: give every process the same --shard-count/);
      expect(discord.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 1 });

      await second.kill9();
      const successor = rig.startBot({ shards: "1", waitForShards: true });
      await successor.process.waitFor(/waiting for a lease another process holds/, { description: "the successor waiting for shard 1" });
      expect(await successor.connected()).toEqual({ shards: [1], shardCount: 2 });
      expect(discord.stats.gateway.identifiesByShard).toEqual({ "0/2": 1, "1/2": 2 });
      await untilConnected(rig, ["0/2", "1/2"]);
      first.process.assertRunning();
    },
    180_000,
  );

  it(
    "GIVEN a running process WHEN another owner takes its shard's lease THEN it closes its Discord connection and exits 3 with a sentence",
    async () => {
      rig = await startFleetRig({ store: "redis", discord: { recommendedShards: 1 }, bot: { lease_seconds: LEASE_SECONDS } });
      const bot = rig.startBot();
      expect(await bot.connected()).toEqual({ shards: [0], shardCount: 1 });
      // The shard count came from GET /gateway/bot, asked of DISCORD_API_URL (the fake), never of discord.com.
      expect(rig.discord.requests.some((request) => request.route === "gateway.bot")).toBe(true);

      const redis = createClient({ url: rig.store.url });
      await redis.connect();
      try {
        await redis.set(redisLeaseKey(rig.store.prefix + LEASES_NAMESPACE, "shard:0"), "an intruder", { expiration: { type: "PX", value: 60_000 } });
      } finally {
        await redis.quit();
      }

      expect(await exitOf(bot)).toBe(LEASE_LOST_EXIT_CODE);
      expect(bot.process.stderr).toContain(
        "This process lost its hold on shard 0 (the lease expired or another process took it), so it stopped its Discord connection: another process may hold it now.",
      );
      await untilConnected(rig, []);
    },
    120_000,
  );
});

describe("one process on a sqlite store", () => {
  it(
    "GIVEN a bot running on a sqlite file WHEN a second start uses the same file THEN it is refused with the reason and exits 2",
    async () => {
      rig = await startFleetRig({ store: "sqlite", bot: { lease_seconds: LEASE_SECONDS } });
      const running = rig.startBot();
      expect(await running.connected()).toEqual({ shards: [0], shardCount: 1 });

      const second = rig.startBot();
      expect(await exitOf(second)).toBe(2);
      expect(lastLine(second.process.stderr)).toMatch(
        /^Another bedrock-bot start \(\S+ pid \d+ #[0-9a-f]{6}\) already runs on the sqlite store sqlite:\/\/\S+: a sqlite store serves one bot process on one machine, so stop that one, or set \[storage\] url to a redis:\/\/ store to run several processes/,
      );
      expect(rig.discord.stats.gateway.identifies).toBe(1);
      // "auto": discord.js asked GET /gateway/bot itself, through the REST client pointed at DISCORD_API_URL.
      expect(rig.discord.requests.some((request) => request.route === "gateway.bot")).toBe(true);

      const slice = rig.startBot({ shards: "0", shardCount: 2 });
      expect(await exitOf(slice)).toBe(1);
      expect(slice.process.stderr).toMatch(/would run only shard\(s\) 0 of the bot's 2, but a sqlite store serves a single process/);
      running.process.assertRunning();
    },
    120_000,
  );
});
