/** `/batch submit` policy `wait` end to end: two users in two channels fill one pool -> one job -> each their own rows. */
import { describe, expect, it } from "vitest";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, keysUnder, noticesFor, repliesTo } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";
import { noteText, runNotes, submitNotes } from "./wait-pool-steps.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: 'confirm = false\nwait_pool_scope = "guild"\nwait_deadline_action = "report"' }, (started) => ({ kit, bot } = started));

const MINUTE = 60_000;

describe("/batch submit policy wait", () => {
  it("GIVEN a minimum of 100 WHEN alice (60, #general) and bob (50, #random) submit with policy wait THEN one job runs and each gets only their own rows in their own channel, once", async () => {
    const aliceReply = await submitNotes(kit, "alice", kit.ids.general, 60);
    expect(aliceReply.content).toContain("Your 60 records are waiting for nova-lite's batch minimum of 100: 40 more needed");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);

    const bobReply = await submitNotes(kit, "bob", kit.ids.random, 50);
    expect(bobReply.content).toContain("your 50 records go out together with 1 other submission as one batch job of 110 records");
    const told = await kit.discord.waitFor(
      () => repliesTo(kit, kit.ids.general, aliceReply.id).find((message) => message.content.includes("minimum is reached")),
      { description: "alice told that the pool is full" },
    );
    expect(told.content).toContain(`<@${kit.ids.alice}>`);
    const jobs = kit.bedrock.batch.jobs();
    expect(jobs).toHaveLength(1);

    await kit.bedrock.advance(2 * MINUTE);
    await bot.poll();
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll(); // nothing more after the notices

    const aliceNotices = noticesFor(kit, kit.ids.general, aliceReply.id);
    const bobNotices = noticesFor(kit, kit.ids.random, bobReply.id);
    expect(aliceNotices).toHaveLength(1);
    expect(bobNotices).toHaveLength(1);
    expect(aliceNotices[0]?.content).toContain(`<@${kit.ids.alice}>`);
    expect(bobNotices[0]?.content).toContain(`<@${kit.ids.bob}>`);
    const aliceRows = csvRows(aliceNotices[0]!);
    const bobRows = csvRows(bobNotices[0]!);
    expect(aliceRows).toHaveLength(60);
    expect(bobRows).toHaveLength(50);
    aliceRows.forEach((row, index) => expect(row.output_text).toContain(noteText("alice", index + 1)));
    bobRows.forEach((row, index) => expect(row.output_text).toContain(noteText("bob", index + 1)));
    expect(aliceNotices[0]?.embeds[0]?.footer?.text).toContain(`job ${jobs[0]?.jobName}/`);
  });
});

describe("/batch submit policy wait, busy pool", () => {
  it("GIVEN another bot instance holding the pool WHEN alice submits THEN after a few short retries she reads that the pool is busy and to try again; once it is free her records wait", async () => {
    const lease = `pool:guild:${kit.ids.guild}:nova-lite`;
    expect((await bot.runtime.leases.claimLease(lease, "another-instance", 60_000)).claimed).toBe(true);
    const heldRecords = async () => (await keysUnder(kit, "runs/")).filter((key) => key.endsWith("held-records.jsonl"));
    const heldBefore = await heldRecords();
    const command = runNotes(kit, "alice", kit.ids.general, 5);
    const refused = await kit.discord.waitFor(() => kit.discord.followUps(command).find((message) => message.content.startsWith("❌")), { description: "alice's refusal" });
    expect(refused.content).toBe("❌ The waiting pool for nova-lite is busy (another bot instance is changing it right now). Try again in a few seconds.");
    expect(await heldRecords()).toEqual(heldBefore); // the refused submission's records were held, then deleted

    await bot.runtime.leases.releaseLease(lease, "another-instance");
    expect((await submitNotes(kit, "alice", kit.ids.general, 5)).content).toContain("Your 5 records are waiting for nova-lite's batch minimum of 100: 95 more needed");
  });
});

describe("/batch submit policy wait, deadline", () => {
  const HOUR = 60 * MINUTE;

  it.each([
    { action: "report", says: "nothing was run or spent", rows: 0 },
    { action: "on_demand", says: "they are running on demand now, at full price", rows: 12 },
  ])("GIVEN 12 records waiting WHEN the $action deadline passes THEN the watcher tells alice once in her channel", async ({ action, says, rows }) => {
    const deadlineKit = await startBatchBotKit({ batch: `confirm = false\nwait_deadline_hours = 24\nwait_deadline_action = "${action}"` });
    try {
      let offset = 0;
      const deadlineBot = await deadlineKit.startBot({ now: () => new Date(Date.now() + offset) });
      const reply = await submitNotes(deadlineKit, "alice", deadlineKit.ids.general, 12);
      expect(reply.content).toContain("88 more needed");
      await deadlineBot.poll();
      const told = () => repliesTo(deadlineKit, deadlineKit.ids.general, reply.id).filter((message) => message.content.includes("batch minimum of 100 was not reached"));
      expect(told()).toHaveLength(0); // before the deadline

      offset = 25 * HOUR;
      await deadlineBot.poll();
      await deadlineBot.poll();
      expect(told()).toHaveLength(1);
      expect(told()[0]?.content).toContain(says);
      expect(deadlineKit.bedrock.batch.jobs()).toHaveLength(0);
      if (rows > 0) {
        const answered = csvRows(told()[0]!);
        expect(answered).toHaveLength(rows);
        answered.forEach((row, index) => expect(row.output_text).toContain(noteText("alice", index + 1)));
      } else {
        expect(told()[0]?.attachments).toHaveLength(0);
      }
      // What was answered on demand is spend (full price) in the usage log; a report spends nothing.
      const spent = await deadlineBot.usage.list({ since: new Date(0), userId: deadlineKit.ids.alice });
      expect(spent.map((entry) => [entry.kind, entry.inputTokens > 0, entry.costUsd > 0])).toEqual(rows > 0 ? [["batch", true, true]] : []);
    } finally {
      await deadlineKit.close();
    }
  });
});
