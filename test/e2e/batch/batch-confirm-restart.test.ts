/**
 * Plans waiting for Confirm live in the store, their records in S3: a restarted bot (new client, new runtime, same
 * sqlite file) submits the plan the member saw, exactly once however often Confirm is pressed; an expired plan gets
 * a clear answer and spends nothing, and the watcher's sweep deletes what expired plans held.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeZip } from "../../bedrock/batch/fixtures/make-zip.ts";
import type { FakeInteraction, StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { buttonId, csvRows, keysUnder, noticesFor, planOf } from "./batch-e2e-steps.ts";
import { useBatchKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
useBatchKit({}, (started) => (kit = started));

/** Bots of the current test: a failed test must not leave one to answer the next test's clicks. */
const running = new Set<BatchBot>();
afterEach(async () => {
  for (const bot of running) await bot.stop();
  running.clear();
});
async function startBot(options?: { now: () => Date }): Promise<BatchBot> {
  const bot = await kit.startBot(options);
  running.add(bot);
  return bot;
}
async function stopBot(bot: BatchBot): Promise<void> {
  running.delete(bot);
  await bot.stop();
}

const HOUR = 60 * 60 * 1000;
/** Discord interaction callback types: 4 a message (here ephemeral), 7 an update of the clicked message. */
const REPLY = 4;
const UPDATE = 7;

/** `/batch submit` of a zip of `notes` text files on nova-lite (100 records make a batch job); the plan with its buttons. */
async function submitPlan(label: string, notes = 120): Promise<StoredMessage> {
  const zip = makeZip(Array.from({ length: notes }, (_, index) => ({ name: `${label}/note-${index + 1}.txt`, data: `${label} note ${index + 1}` })));
  const command = kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: kit.ids.general,
    userId: kit.ids.alice,
    options: { file1: { filename: `${label}.zip`, bytes: zip, contentType: "application/zip" }, prompt: "Repeat this note.", model: "nova-lite" },
  });
  return planOf(kit, command, `the plan of ${label} with its buttons`);
}

/** Alice's press on the plan's Confirm or Cancel (the id read while the plan still shows its buttons). */
function confirmButton(plan: StoredMessage, action: "confirm" | "cancel" = "confirm"): () => FakeInteraction {
  const customId = buttonId(plan, action);
  return () => kit.discord.clickButton({ messageId: plan.id, customId, userId: kit.ids.alice });
}

const answerOf = async (click: FakeInteraction) => {
  const response = await kit.discord.waitFor(() => click.response, { description: "the button's answer" });
  return { type: response.type, text: JSON.stringify(response.data) };
};

/** Records held for plans waiting for Confirm. */
const heldPlanKeys = () => keysUnder(kit, "runs/pending-");

/** Held records are deleted after the button is answered: wait for the count rather than read it once. */
const heldPlanKeysAre = (count: number) => vi.waitFor(async () => expect(await heldPlanKeys()).toHaveLength(count), { timeout: 45_000 });

describe("plans waiting for Confirm survive a restart", () => {
  it("GIVEN a plan WHEN the bot restarts and alice presses Confirm THEN the new bot submits exactly that plan once and posts the usual completion", async () => {
    const first = await startBot();
    const plan = await submitPlan("restart");
    const confirm = confirmButton(plan);
    expect(plan.content).toContain("120 records from 120 inputs → 1 batch job");
    expect(plan.content).toMatch(/Confirm is possible until <t:\d+:f>/);
    expect(await heldPlanKeys()).toHaveLength(1);
    await stopBot(first);

    const jobsBefore = kit.bedrock.batch.jobs().length;
    const second = await startBot();
    expect((await answerOf(confirm())).type).toBe(UPDATE);
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === jobsBefore + 1 && kit.discord.message(plan.id)?.content.includes("⏳ Batch job on **nova-lite**"), {
      description: "the job at Bedrock and the status message",
    });
    await kit.bedrock.batch.settle();
    await second.poll();
    await second.poll();

    expect(kit.bedrock.batch.jobs()).toHaveLength(jobsBefore + 1);
    const notices = noticesFor(kit, kit.ids.general, plan.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toContain("is done: 120 of 120 records succeeded.");
    const rows = csvRows(notices[0]!);
    expect(rows.map((row) => row.member)).toEqual(Array.from({ length: 120 }, (_, index) => `restart/note-${index + 1}.txt`));
    expect(rows[0]?.output_text).toContain("restart note 1");
    await heldPlanKeysAre(0);
  });

  it("GIVEN a plan WHEN alice presses Confirm twice at once THEN one press submits, the other is told so, and one job runs", async () => {
    const bot = await startBot();
    const plan = await submitPlan("double");
    const confirm = confirmButton(plan);
    const jobsBefore = kit.bedrock.batch.jobs().length;
    const clicks = [confirm(), confirm()];
    const answers = await Promise.all(clicks.map(answerOf));
    expect(answers.map((answer) => answer.type).sort()).toEqual([REPLY, UPDATE]);
    expect(answers.find((answer) => answer.type === REPLY)?.text).toMatch(/already being submitted|no longer waiting/);

    await kit.discord.waitFor(() => kit.discord.message(plan.id)?.content.includes("⏳ Batch job on **nova-lite**"), { description: "the status message" });
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(kit.bedrock.batch.jobs()).toHaveLength(jobsBefore + 1);
    await heldPlanKeysAre(0);
  });

  it("GIVEN a plan WHEN alice presses Cancel after a restart THEN nothing is submitted and its held records are deleted", async () => {
    const first = await startBot();
    const cancel = confirmButton(await submitPlan("cancelled"), "cancel");
    await stopBot(first);
    const jobsBefore = kit.bedrock.batch.jobs().length;
    await startBot();
    expect((await answerOf(cancel())).text).toContain("Cancelled; nothing was spent.");
    await heldPlanKeysAre(0);
    expect(kit.bedrock.batch.jobs()).toHaveLength(jobsBefore);
  });

  it("GIVEN two plans, a restart, then 25 h WHEN Confirm is pressed on one THEN it says the plan expired and spends nothing; WHEN the watcher's sweep runs THEN the other's records go and its Confirm says it is no longer waiting", async () => {
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    const first = await startBot({ now });
    const pressedLate = await submitPlan("late");
    const confirmLate = confirmButton(pressedLate);
    const confirmSwept = confirmButton(await submitPlan("swept"));
    expect(await heldPlanKeys()).toHaveLength(2);
    await stopBot(first);

    const jobsBefore = kit.bedrock.batch.jobs().length;
    const second = await startBot({ now });
    await second.poll(); // the restarted watcher's first cycle: nothing has expired yet
    expect(await heldPlanKeys()).toHaveLength(2);

    offset = 25 * HOUR;
    const late = await answerOf(confirmLate());
    expect(late.type).toBe(UPDATE);
    expect(late.text).toMatch(/This plan expired <t:\d+:f>; nothing was spent\. Run `\/batch submit` again\./);
    expect(kit.discord.message(pressedLate.id)?.components).toEqual([]);
    await heldPlanKeysAre(1); // the expired plan's records are deleted right after the answer

    await second.poll(); // the watcher's cycle sweeps expired plans
    expect(await heldPlanKeys()).toEqual([]);
    expect((await second.runtime.submissions.open()).filter((submission) => submission.state === "planned")).toEqual([]);
    expect((await second.runtime.submissions.archived()).filter((submission) => submission.state === "expired")).toHaveLength(2);
    const gone = await answerOf(confirmSwept());
    expect(gone.type).toBe(REPLY);
    expect(gone.text).toContain("This plan is no longer waiting");

    expect(kit.bedrock.batch.jobs()).toHaveLength(jobsBefore);
  });
});
