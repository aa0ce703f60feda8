/**
 * The batch draft across messages, end to end: files queued from three messages with the message menu's
 * "Add to batch" (copied to S3 at once), shown by `/batch draft`, submitted by `/batch run` through the plan and
 * Confirm, and answered in one job whose CSV has the rows of all three; `/batch add` then `/batch clear`.
 */
import { describe, expect, it } from "vitest";
import type { FakeInteraction } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { answerText, csvRows, keysUnder, noticesFor, planOf, press } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({}, (started) => ({ kit, bot } = started));

/** A CSV of `rows` questions, each naming `label` so the results show which file it came from. */
const questions = (label: string, rows: number) =>
  Buffer.from(`${["id,question", ...Array.from({ length: rows }, (_, index) => `${index + 1},Question ${index + 1} of ${label}?`)].join("\n")}\n`);

const draftKeys = () => keysUnder(kit, "drafts/");
const answered = (interaction: FakeInteraction) => answerText(kit, interaction);

describe("/batch draft across messages", () => {
  it("GIVEN files queued from 3 messages with Add to batch WHEN alice runs and confirms the draft THEN one job's completion CSV has rows from all 3 files, and the draft is emptied", async () => {
    const labels = ["alpha", "beta", "gamma"];
    for (const label of labels) {
      const message = kit.discord.userSays({ channelId: kit.ids.general, authorId: kit.ids.alice, content: `${label} questions`, attachments: [{ filename: `${label}.csv`, bytes: questions(label, 40), contentType: "text/csv" }] });
      const menu = kit.discord.contextMenu({ name: "Add to batch", channelId: kit.ids.general, userId: kit.ids.alice, targetMessageId: message.id });
      expect(await answered(menu)).toContain(`Added \`${label}.csv\` to your batch draft`);
    }
    expect(await draftKeys()).toHaveLength(3); // copied to S3 when queued, not when the job starts

    const shown = await answered(kit.discord.runCommand({ name: "batch", subcommand: "draft", channelId: kit.ids.general, userId: kit.ids.alice }));
    expect(shown).toContain("3 files");
    for (const label of labels) expect(shown).toContain(`${label}.csv`);
    const bobs = await answered(kit.discord.runCommand({ name: "batch", subcommand: "draft", channelId: kit.ids.general, userId: kit.ids.bob }));
    expect(bobs).toContain("Your draft in this channel is empty");

    const run = kit.discord.runCommand({ name: "batch", subcommand: "run", channelId: kit.ids.general, userId: kit.ids.alice, options: { template: "Answer: {question}", model: "nova-lite" } });
    const plan = await planOf(kit, run);
    expect(plan.content).toContain("120 records from 120 inputs → 1 batch job");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);

    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 1 && kit.discord.message(plan.id)?.content.includes("⏳ Batch job"), { description: "the submitted job" });
    await kit.bedrock.batch.settle();
    await bot.poll();

    const notices = noticesFor(kit, kit.ids.general, plan.id);
    expect(notices).toHaveLength(1);
    const rows = csvRows(notices[0]!);
    expect(rows).toHaveLength(120);
    expect([...new Set(rows.map((row) => row.source))]).toEqual(["alpha.csv", "beta.csv", "gamma.csv"]);
    for (const label of labels) expect(rows.find((row) => row.source === `${label}.csv`)?.output_text).toContain(`Question 1 of ${label}?`);

    expect(await draftKeys()).toEqual([]);
    expect(await answered(kit.discord.runCommand({ name: "batch", subcommand: "draft", channelId: kit.ids.general, userId: kit.ids.alice }))).toContain("empty");
  });

  it("GIVEN a file added with /batch add WHEN alice clears her draft THEN its S3 copy is deleted and the draft is empty", async () => {
    const add = kit.discord.runCommand({
      name: "batch",
      subcommand: "add",
      channelId: kit.ids.random,
      userId: kit.ids.alice,
      options: { file1: { filename: "notes.txt", bytes: Buffer.from("some notes"), contentType: "text/plain" } },
    });
    expect(await answered(add)).toContain("Added `notes.txt`");
    expect(await draftKeys()).toEqual([expect.stringMatching(new RegExp(`drafts/${kit.ids.guild}/${kit.ids.random}/${kit.ids.alice}/[0-9a-f]{8}-notes\\.txt$`))]);

    const clear = kit.discord.runCommand({ name: "batch", subcommand: "clear", channelId: kit.ids.random, userId: kit.ids.alice });
    expect(await answered(clear)).toContain("Removed 1 file from your draft");
    expect(await draftKeys()).toEqual([]);
  });
});
