/**
 * The waiting pool (policy `wait`) through the bot with the process dying halfway, then a restart (new client, new
 * stores, same storage) whose watcher sweep finishes what was taken. "Dies" = an injected failure at one step, and
 * the dispatch's lease is never released (as after a real death); the restarted bot's clock is past that lease.
 *
 * - A full pool, killed before the job, after the job before the notices, after the notices before the pool row is
 *   cleared: exactly one job with everyone's records, each contributor told once, each gets only their own rows.
 * - An expired pool answered on demand, killed before the telling, after the answers before the post, after the post
 *   before it is recorded: told once, and no record is answered twice.
 *
 * On the sqlite file, then on redis (under the kit's own key prefix, deleted afterwards).
 */
import { createClient } from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { redisLeaseKey, LEASES_NAMESPACE } from "../../../src/store/claim-lease.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, DISCORD_ATTEMPTS, noticesFor, repliesTo } from "./batch-e2e-steps.ts";
import { noteText, submitNotes } from "./wait-pool-steps.ts";

const REDIS_URL = "redis://127.0.0.1:6379/12";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Past the leases a dead process leaves behind: its dispatch's (10 minutes) and a notice's (15 minutes). */
const AFTER_THE_LEASE = 16 * MINUTE;

describe.each([
  { storage: "sqlite", url: undefined },
  { storage: "redis", url: REDIS_URL },
])("/batch wait pool with a crash, on $storage", ({ url }) => {
  /** The kit of the running test, closed after it. */
  let current: BatchBotKit | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  /** A kit, and a bot whose clock runs `offset` ms ahead (moved by the test). */
  async function setUp(batch: string) {
    const kit = await startBatchBotKit({ batch: `confirm = false\n${batch}`, ...(url === undefined ? {} : { storageUrl: url }) });
    current = kit;
    const clock = { offset: 0 };
    const start = () => kit.startBot({ now: () => new Date(Date.now() + clock.offset) });
    return { kit, clock, bot: await start(), start };
  }

  /** The process dies: leases it holds stay until they expire (on redis, expired at once here: its clock is real). */
  function dieWithoutReleasing(bot: BatchBot): void {
    bot.runtime.leases.releaseLease = () => Promise.reject(new Error("injected: the process is dead"));
  }

  async function restart(kit: BatchBotKit, bot: BatchBot, start: () => Promise<BatchBot>): Promise<BatchBot> {
    await bot.stop();
    if (url !== undefined) await expireLeasesOf(url, kit.storePrefix + LEASES_NAMESPACE, bot.runtime.instanceId);
    return start();
  }

  type JobCrash = "before_job" | "after_job_before_notices" | "after_notices_before_clear";

  function injectJobCrash(bot: BatchBot, crash: JobCrash): void {
    dieWithoutReleasing(bot);
    const { runtime } = bot;
    switch (crash) {
      case "before_job":
        runtime.pooledRuns.put = () => Promise.reject(new Error("injected: dies before the job"));
        return;
      case "after_job_before_notices":
        runtime.notices.get = () => Promise.reject(new Error("injected: dies before the notices"));
        return;
      case "after_notices_before_clear": {
        const update = runtime.pools.update.bind(runtime.pools);
        let calls = 0;
        runtime.pools.update = (key, change) => (++calls === 1 ? update(key, change) : Promise.reject(new Error("injected: dies before clearing the dispatch")));
        return;
      }
      default: {
        const unexpected: never = crash;
        throw new Error(`unknown crash ${String(unexpected)}`);
      }
    }
  }

  it.each<JobCrash>(["before_job", "after_job_before_notices", "after_notices_before_clear"])(
    "GIVEN alice (60) waiting WHEN bob (50) fills the pool and the process dies %s THEN after a restart exactly one job runs, each is told once and gets their own rows",
    async (crash) => {
      const { kit, clock, bot: first, start } = await setUp('wait_pool_scope = "guild"\nwait_deadline_action = "report"');
      const aliceReply = await submitNotes(kit, "alice", kit.ids.general, 60);
      injectJobCrash(first, crash);
      const bobReply = await submitNotes(kit, "bob", kit.ids.random, 50);
      expect(bobReply.content).toContain("Starting it did not finish just now; I'll retry shortly and confirm here.");
      expect(kit.bedrock.batch.jobs()).toHaveLength(crash === "before_job" ? 0 : 1);

      clock.offset = AFTER_THE_LEASE;
      const bot = await restart(kit, first, start);
      await bot.poll();
      await bot.poll();

      expect(kit.bedrock.batch.jobs()).toHaveLength(1);
      expect(await bot.runtime.pools.all()).toEqual([]);
      const toldFull = (channelId: string, reply: StoredMessage) => repliesTo(kit, channelId, reply.id).filter((message) => message.content.includes("minimum is reached"));
      expect(toldFull(kit.ids.general, aliceReply)).toHaveLength(1);
      expect(toldFull(kit.ids.random, bobReply)).toHaveLength(1);
      expect(toldFull(kit.ids.random, bobReply)[0]?.content).toContain(`<@${kit.ids.bob}> nova-lite's batch minimum is reached: your 50 records go out together with 1 other submission`);

      await kit.bedrock.advance(2 * MINUTE);
      await bot.poll();
      await kit.bedrock.batch.settle();
      await bot.poll();
      await bot.poll();
      const results = (channelId: string, reply: StoredMessage) => noticesFor(kit, channelId, reply.id);
      expect(results(kit.ids.general, aliceReply)).toHaveLength(1);
      expect(results(kit.ids.random, bobReply)).toHaveLength(1);
      const aliceRows = csvRows(results(kit.ids.general, aliceReply)[0]!);
      const bobRows = csvRows(results(kit.ids.random, bobReply)[0]!);
      expect(aliceRows).toHaveLength(60);
      expect(bobRows).toHaveLength(50);
      aliceRows.forEach((row, index) => expect(row.output_text).toContain(noteText("alice", index + 1)));
      bobRows.forEach((row, index) => expect(row.output_text).toContain(noteText("bob", index + 1)));
      expect(kit.bedrock.batch.jobs()).toHaveLength(1);
    },
  );

  type ExpiredCrash = "before_telling" | "after_answers_before_post" | "after_post_before_record";

  function injectExpiredCrash(kit: BatchBotKit, bot: BatchBot, crash: ExpiredCrash): void {
    dieWithoutReleasing(bot);
    switch (crash) {
      case "before_telling":
        bot.runtime.notices.get = () => Promise.reject(new Error("injected: dies before telling"));
        return;
      case "after_answers_before_post":
        kit.discord.inject5xx("POST /channels/:id/messages", DISCORD_ATTEMPTS);
        return;
      case "after_post_before_record":
        bot.runtime.notices.put = () => Promise.reject(new Error("injected: dies before recording the notice"));
        return;
      default: {
        const unexpected: never = crash;
        throw new Error(`unknown crash ${String(unexpected)}`);
      }
    }
  }

  it.each<ExpiredCrash>(["before_telling", "after_answers_before_post", "after_post_before_record"])(
    "GIVEN 12 records waiting WHEN the on_demand deadline passes and the process dies %s THEN after a restart alice is told once and each record was answered once",
    async (crash) => {
      const { kit, clock, bot: first, start } = await setUp('wait_deadline_hours = 24\nwait_deadline_action = "on_demand"');
      const reply = await submitNotes(kit, "alice", kit.ids.general, 12);
      clock.offset = 25 * HOUR;
      injectExpiredCrash(kit, first, crash);
      await first.poll();

      clock.offset = 25 * HOUR + AFTER_THE_LEASE;
      const bot = await restart(kit, first, start);
      await bot.poll();
      await bot.poll();

      const told = repliesTo(kit, kit.ids.general, reply.id).filter((message) => message.content.includes("batch minimum of 100 was not reached"));
      expect(told).toHaveLength(1);
      expect(told[0]?.content).toContain("they are running on demand now, at full price");
      const rows = csvRows(told[0]!);
      expect(rows).toHaveLength(12);
      rows.forEach((row, index) => expect(row.output_text).toContain(noteText("alice", index + 1)));
      // [batch] on_demand_tier = "flex": one refused try of flex (Nova Lite does not serve it), then each record once.
      const converse = kit.bedrock.requests.filter((request) => request.operation === "Converse");
      expect(converse.filter((request) => request.body.serviceTier !== undefined).length).toBeLessThanOrEqual(1);
      const asked = converse.filter((request) => request.body.serviceTier === undefined).map((request) => JSON.stringify(request.body));
      expect(asked).toHaveLength(12);
      expect(new Set(asked).size).toBe(12);
      expect(kit.bedrock.batch.jobs()).toHaveLength(0);
      expect(await bot.runtime.pools.all()).toEqual([]);
    },
  );
});

/** On redis a dead process's leases live on redis's real clock: let those of `instanceId` run out now. */
async function expireLeasesOf(url: string, namespace: string, instanceId: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for (const key of await client.keys(redisLeaseKey(namespace, "*"))) {
    if ((await client.get(key)) === instanceId) await client.del(key);
  }
  await client.quit();
}
