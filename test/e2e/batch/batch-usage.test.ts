/**
 * A finished `/batch` job's spend in the usage log, end to end: one `batch` record with the tokens the fake Bedrock
 * counted, at the batch price, on the day the job ended — kept once through a refused post, a retry, a restart and a
 * re-post; shown by `/usage`; counted by the daily spend cap, which then refuses a second job.
 */
import { afterAll, describe, expect, it } from "vitest";
import { findJobRow } from "../../../src/bedrock/batch/jobs/batch-store.ts";
import { formatUsd } from "../../../src/format/format-usd.ts";
import type { UsageRecord } from "../../../src/store/chat-settings.ts";
import { openBotStore, type BotStore } from "../../../src/store/open-bot-store.ts";
import type { FakeInteraction } from "../../fakes/discord/index.ts";
import { EPHEMERAL, runCommandAndWait } from "../commands/command-kit.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { DISCORD_ATTEMPTS, noticesFor, runQuestions, submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchKit } from "./use-batch-bot-kit.ts";

/** The kit's priciest model (USD per million tokens), so one job's spend shows in `/usage` as more than `<$0.0001`. */
const MODEL = "haiku";
const PRICE = { in: 0.8, out: 4 };
/**
 * Every answer cut at 5 tokens (the fake honours max_tokens), so a job costs about what it was estimated at (100
 * questions: ~$0.0013 estimated and spent), and the cap sits between one job's estimate and that plus one job's
 * spend: the first job is allowed, the second only while today's batch spend is not counted.
 */
const MAX_TOKENS = 5;
const CAP_USD = 0.002;
/** Alice's 100 questions in #general on MODEL, cut at MAX_TOKENS. */
const QUESTIONS = { model: MODEL, maxTokens: MAX_TOKENS };

let kit: BatchBotKit;
let bot: BatchBot;
/** The usage log on the kit's sqlite file, kept across the bot's restart. */
let store: BotStore;
// Registered before the kit's hooks, so it runs after the kit's close (vitest runs after-hooks in reverse order).
afterAll(async () => store?.close());
useBatchKit({ batch: "confirm = false", bot: `daily_spend_cap_usd = ${CAP_USD}` }, async (started) => {
  kit = started;
  store = openBotStore(kit.config.data.storage.url);
  bot = await startBot();
});

/** The bot on the fake Bedrock's clock, so "today" is the day the fake's jobs end. */
const startBot = () => kit.startBot({ usage: store.usage, now: () => new Date(kit.bedrock.now()) });

const batchRecords = async (): Promise<UsageRecord[]> => (await store.usage.list({ since: new Date(0) })).filter((record) => record.kind === "batch");

describe("/batch spend in the usage log", () => {
  let jobName = "";

  it("GIVEN a finished job whose first notice Discord refuses WHEN the watcher retries and the bot restarts THEN one batch record: the fake's tokens at the batch price", async () => {
    const { status } = await submitQuestions(kit, QUESTIONS);
    await kit.bedrock.batch.settle();
    const job = kit.bedrock.batch.jobs().at(-1)!;
    jobName = job.jobName;

    kit.discord.inject5xx("POST /channels/:id/messages", DISCORD_ATTEMPTS);
    await bot.poll();
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(0);
    expect(await batchRecords()).toHaveLength(1); // recorded before the notice, which did not go out

    await bot.poll(); // the retry posts the notice
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(1);
    await bot.stop();
    bot = await startBot();
    await bot.poll();

    const row = await findJobRow(bot.runtime.store, jobName);
    expect(row?.endedAt).toBeDefined();
    const records = await batchRecords();
    expect(records).toEqual([
      {
        at: row?.endedAt,
        kind: "batch",
        userId: kit.ids.alice,
        guildId: kit.ids.guild,
        channelId: kit.ids.general,
        model: MODEL,
        inputTokens: job.inputTokenCount,
        outputTokens: job.outputTokenCount,
        costUsd: expect.closeTo(((job.inputTokenCount * PRICE.in + job.outputTokenCount * PRICE.out) / 1_000_000) * 0.5, 12),
      },
    ]);
    expect(job.inputTokenCount).toBeGreaterThan(0);
    expect(await store.usage.spentToday(kit.ids.guild, new Date(kit.bedrock.now()))).toBeCloseTo(records[0]!.costUsd, 12);
  });

  it("GIVEN the recorded job WHEN alice posts its results again THEN they are posted and no second record is made", async () => {
    const before = await store.usage.list({ since: new Date(0) });
    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.random, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });
    await bot.poll();
    expect(await store.usage.list({ since: new Date(0) })).toEqual(before);
    expect(await batchRecords()).toHaveLength(1);
  });

  it("GIVEN the recorded job WHEN alice asks /usage for today THEN the job is in her row of its model, and a line says what batch jobs cost", async () => {
    const [record] = await batchRecords();
    const usage = await runCommandAndWait(kit.discord, { name: "usage", channelId: kit.ids.general, userId: kit.ids.alice, options: { period: "today" } });
    expect(usage.flags & EPHEMERAL).toBe(EPHEMERAL);
    const cost = formatUsd(record!.costUsd);
    expect(usage.content).toMatch(new RegExp(`^${MODEL} +1 +${record!.inputTokens} +${record!.outputTokens} +${cost.replace(/[$.]/g, "\\$&")}$`, "m"));
    expect(usage.content.endsWith(`\nBatch jobs: 1, ${cost} (included above).`)).toBe(true);
  });

  it("GIVEN today's batch spend WHEN alice submits a second job it would take past the daily cap THEN she is refused with the cap sentence and nothing is submitted", async () => {
    const [record] = await batchRecords();
    const jobs = kit.bedrock.batch.jobs().length;
    const command = runQuestions(kit, QUESTIONS);
    const refusal = await kit.discord.waitFor(() => {
      const reply = kit.discord.originalResponse(command);
      return reply?.content.includes("daily budget") === true ? reply : undefined;
    }, { description: "the spend cap's refusal" });
    expect(refusal.content).toContain(`This server has used ${formatUsd(record!.costUsd)} of its ${formatUsd(CAP_USD)} daily budget; this request (about $`);
    expect(refusal.content).toMatch(/would go over it\. It resets at midnight UTC, in .+\.$/);
    expect(kit.bedrock.batch.jobs()).toHaveLength(jobs);
  });
});

describe("/batch spend of a pooled job (policy wait)", () => {
  let pool: BatchBotKit;
  useBatchKit({ batch: 'confirm = false\nwait_pool_scope = "guild"\nwait_deadline_action = "report"' }, (started) => (pool = started));

  it("GIVEN alice (60, #general) and bob (50, #random) pooled into one job WHEN it ends THEN one record per contributor, each with their share's tokens at the batch price, once", async () => {
    const pooledBot = await pool.startBot({ now: () => new Date(pool.bedrock.now()) });
    const waiting = (command: FakeInteraction) => pool.discord.waitFor(() => /needed|reached/.test(pool.discord.originalResponse(command)?.content ?? ""), { description: "the wait answer" });
    await waiting(runQuestions(pool, { rows: 60, policy: "wait" }));
    await waiting(runQuestions(pool, { userId: pool.ids.bob, channelId: pool.ids.random, rows: 50, policy: "wait" }));
    await pool.bedrock.batch.settle();
    await pooledBot.poll();
    await pooledBot.poll(); // nothing more once the notices are out

    const [job] = pool.bedrock.batch.jobs();
    const records = (await pooledBot.usage.list({ since: new Date(0) })).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(records.map(({ userId, channelId, kind, model }) => ({ userId, channelId, kind, model }))).toEqual(
      [
        { userId: pool.ids.alice, channelId: pool.ids.general, kind: "batch", model: "nova-lite" },
        { userId: pool.ids.bob, channelId: pool.ids.random, kind: "batch", model: "nova-lite" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    expect(records.map((record) => record.inputTokens).reduce((a, b) => a + b)).toBe(job?.inputTokenCount);
    expect(records.map((record) => record.outputTokens).reduce((a, b) => a + b)).toBe(job?.outputTokenCount);
    for (const record of records) {
      expect(record.inputTokens).toBeGreaterThan(0);
      expect(record.costUsd).toBeCloseTo(((record.inputTokens * 0.06 + record.outputTokens * 0.24) / 1_000_000) * 0.5, 12);
    }
  });
});
