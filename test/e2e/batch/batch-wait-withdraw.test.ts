/** `/batch list`, `status` and `cancel` of submissions waiting in a pool (policy `wait`), and the job-id autocomplete. */
import { describe, expect, it } from "vitest";
import { openDispatch } from "../../../src/bot/batch/batch-wait-pool.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { answerText, keysUnder } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";
import { submitNotes } from "./wait-pool-steps.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: 'confirm = false\nwait_pool_scope = "guild"\nwait_deadline_action = "report"' }, (started) => ({ kit, bot } = started));

type Who = "alice" | "bob";

function batchCommand(who: Who, subcommand: "list" | "status" | "cancel", job?: string) {
  const channelId = who === "alice" ? kit.ids.general : kit.ids.random;
  return kit.discord.runCommand({ name: "batch", subcommand, channelId, userId: kit.ids[who], ...(job === undefined ? {} : { options: { job } }) });
}

const answerOf = (who: Who, subcommand: "list" | "status" | "cancel", job?: string) => answerText(kit, batchCommand(who, subcommand, job));

/** What `who` is offered while typing into `/batch cancel job`. */
async function jobChoices(who: Who): Promise<{ name: string; value: string | number }[]> {
  const typed = kit.discord.autocomplete({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids[who], focused: "job", value: "" });
  return await kit.discord.waitFor(() => typed.autocompleteChoices ?? undefined, { description: `${who}'s job choices` });
}

/** The one waiting pool of nova-lite in the guild. */
async function novaPool() {
  const pools = await bot.runtime.pools.all();
  expect(pools.map((pool) => pool.key)).toEqual([`guild:${kit.ids.guild}:nova-lite`]);
  return pools[0]!;
}

const heldKey = (runId: string) => `${kit.config.data.batch.prefix}runs/${runId}/held-records.jsonl`;
const relative = (iso: string) => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;

describe("/batch cancel of a waiting submission", () => {
  it("GIVEN alice (30) and bob (20) waiting in one pool WHEN bob tries and alice withdraws hers THEN she sees only her own, bob cannot, and after hers is gone a 50 that would have filled the pool with her 30 waits", async () => {
    expect((await submitNotes(kit, "alice", kit.ids.general, 30)).content).toContain("70 more needed");
    expect((await submitNotes(kit, "bob", kit.ids.random, 20)).content).toContain("50 more needed");
    const [aliceWaiting, bobWaiting] = (await novaPool()).contributions;
    if (aliceWaiting === undefined || bobWaiting === undefined) throw new Error("alice and bob should both wait");
    expect([aliceWaiting.owner.userId, bobWaiting.owner.userId]).toEqual([kit.ids.alice, kit.ids.bob]);
    const aliceId = aliceWaiting.id;
    const firstDeadline = (await novaPool()).deadline!;

    // Offered, listed and shown to alice, with what the pool still needs and when it gives up; bob's is not hers to see.
    expect(await jobChoices("alice")).toEqual([{ name: `${aliceId} · waiting, 30 records`, value: aliceId }]);
    const aliceList = await answerOf("alice", "list");
    expect(aliceList).toContain(`\`${aliceId}\` · nova-lite · waiting · 30 records · 50 more needed · deadline ${relative(firstDeadline)}`);
    expect(aliceList).not.toContain(bobWaiting.id);
    expect(await answerOf("alice", "status")).toContain(`\`${aliceId}\` is waiting in nova-lite's pool for its batch minimum of 100: 30 records · 50 more needed`);
    expect(await answerOf("bob", "status", aliceId)).toContain("Only the member who started this submission, or an admin of its server, can see it.");

    // Bob may not withdraw it: it stays, and so do its held records.
    expect(await answerOf("bob", "cancel", aliceId)).toContain("Only the member who started this submission, or an admin of its server, can cancel it.");
    expect((await novaPool()).contributions.map((each) => each.id)).toEqual([aliceId, bobWaiting.id]);
    expect(await keysUnder(kit, "runs/")).toEqual(expect.arrayContaining([heldKey(aliceWaiting.runId), heldKey(bobWaiting.runId)]));

    expect(await answerOf("alice", "cancel", aliceId)).toContain(`Withdrew \`${aliceId}\` from nova-lite's waiting pool: its 30 records were deleted. Nothing was spent.`);
    // Listed as what it now is: withdrawn (finished submissions stay listed for `[batch] keep_finished_days`).
    expect(await answerOf("alice", "list")).toContain(`\`${aliceId}\` · nova-lite · withdrawn from its pool, nothing spent · 30 records`);
    expect(await jobChoices("alice")).toEqual([]);
    const held = await keysUnder(kit, "runs/");
    expect(held).not.toContain(heldKey(aliceWaiting.runId));
    expect(held).toContain(heldKey(bobWaiting.runId));
    // Bob waits alone: 80 more needed, and still the deadline he was told (alice's was the first).
    const pool = await novaPool();
    expect(pool.contributions.map((each) => each.id)).toEqual([bobWaiting.id]);
    expect(pool.deadline).toBe(firstDeadline);
    expect(await answerOf("bob", "list")).toContain(`\`${bobWaiting.id}\` · nova-lite · waiting · 20 records · 80 more needed · deadline ${relative(pool.deadline!)}`);
    const again = await answerOf("alice", "cancel", aliceId);
    expect(again).toContain("❌ No batch job or waiting submission");
    expect(again).toContain(aliceId);

    // With her 30 still in, 50 more would reach 100 and start a job; without them the pool is 70 and waits.
    expect((await submitNotes(kit, "alice", kit.ids.general, 50)).content).toContain("Your 50 records are waiting for nova-lite's batch minimum of 100: 30 more needed");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);
    expect((await novaPool()).contributions.map((each) => each.records)).toEqual([20, 50]);
  });

  it("GIVEN the pool's waiting submissions taken by a fill whose process died before finishing WHEN alice cancels hers THEN she reads it is already being submitted and it stays, records and all", async () => {
    const waiting = await novaPool();
    const alices = waiting.contributions.find((each) => each.owner.userId === kit.ids.alice);
    if (alices === undefined) throw new Error("alice's 50 should still wait");
    // What `joinWaitPool` stores when a submission fills the pool, before its job and notices (a dispatch under way).
    await bot.runtime.pools.update(waiting.key, (pool) => ({
      pool: openDispatch({ ...pool!, contributions: [] }, { id: "20990101-000000-taken", kind: "job", contributions: pool!.contributions, takenAt: new Date().toISOString(), job: { owner: alices.owner, invocationType: "Converse" } }),
      result: undefined,
    }));

    expect(await answerOf("alice", "status", alices.id)).toContain(`\`${alices.id}\` is already being submitted with its pool as one batch job; you'll be told in its channel.`);
    expect(await answerOf("alice", "cancel", alices.id)).toContain(`❌ \`${alices.id}\` is already being submitted with its pool as one batch job and can no longer be withdrawn.`);
    expect((await novaPool()).dispatching?.[0]?.contributions.map((each) => each.id)).toContain(alices.id);
    expect(await keysUnder(kit, "runs/")).toContain(heldKey(alices.runId));
    // No longer waiting, so no longer offered, and listed as leaving its pool.
    expect(await jobChoices("alice")).toEqual([]);
    const listed = await answerOf("alice", "list");
    expect(listed).toContain(`\`${alices.id}\` · nova-lite · leaving its pool: its job is being submitted · 50 records`);
    expect(listed).not.toContain("· waiting ·");
  });
});
