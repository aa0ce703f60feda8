/** `/batch submit` end to end: real discord.js against the fake Discord, the fake Bedrock's batch plane and s3rver. */
import { describe, expect, it } from "vitest";
import { makeZip } from "../../bedrock/batch/fixtures/make-zip.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import { csvRows, finishJobs, noticesFor, planOf, press, submitCsv } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({}, (started) => ({ kit, bot } = started));

const MINUTE = 60_000;
const noteText = (index: number) => `Note ${index}: the meeting moved to room ${100 + index}.`;

describe("/batch submit", () => {
  it("GIVEN a zip of 150 text files WHEN alice submits and confirms THEN one job runs and exactly one completion post carries a CSV row per file", async () => {
    const zip = makeZip(Array.from({ length: 150 }, (_, index) => ({ name: `notes/note-${String(index + 1).padStart(3, "0")}.txt`, data: noteText(index + 1) })));
    const command = kit.discord.runCommand({
      name: "batch",
      subcommand: "submit",
      channelId: kit.ids.general,
      userId: kit.ids.alice,
      options: { file1: { filename: "notes.zip", bytes: zip, contentType: "application/zip" }, prompt: "Summarise this note in five words.", model: "nova-lite" },
    });
    const plan = await planOf(kit, command);
    expect(plan.content).toContain("📋 Batch plan on **nova-lite**: 150 records from 150 inputs → 1 batch job");
    expect(plan.content).toMatch(/Estimated cost: \$[\d.]+ at the batch price \(on demand: \$[\d.]+\)/);
    expect(kit.bedrock.batch.jobs()).toHaveLength(0); // nothing spent before Confirm

    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 1 && kit.discord.message(plan.id)?.content.includes("⏳ Batch job on **nova-lite**"), {
      description: "the job at Bedrock and the status message",
    });
    const [job] = kit.bedrock.batch.jobs();
    expect(job?.status).toBe("Submitted");

    await kit.bedrock.advance(2 * MINUTE);
    await bot.poll();
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll(); // a second cycle after the notice: nothing more is posted

    const notices = noticesFor(kit, kit.ids.general, plan.id);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.content).toContain(`<@${kit.ids.alice}> your batch job on **nova-lite** is done: 150 of 150 records succeeded.`);
    expect(notice.pings).toEqual({ everyone: false, roles: [], users: [kit.ids.alice] });
    expect(notice.embeds[0]?.footer?.text).toContain(`job ${job?.jobName}`);
    const csvFile = notice.attachments.find((attachment) => attachment.filename === "results.csv");
    expect(csvFile).toBeDefined();
    const rows = csvRows(notice);
    expect(rows).toHaveLength(150);
    rows.forEach((row, index) => {
      expect(row).toMatchObject({ source: "notes.zip", member: `notes/note-${String(index + 1).padStart(3, "0")}.txt`, status: "succeeded" });
      expect(row.output_text).toContain(noteText(index + 1));
    });
  });

  it("GIVEN a CSV with id and question WHEN submitted with columns:id THEN the posted results.csv starts with the user's own id beside each output", async () => {
    const command = submitCsv(kit, "questions.csv", questionsCsv(120), { template: "Answer: {question}", model: "nova-lite", columns: "id" });
    const plan = await planOf(kit, command);
    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 2, { description: "the second job at Bedrock" });
    await finishJobs(kit, bot);

    const [notice] = noticesFor(kit, kit.ids.general, plan.id);
    const rows = csvRows(notice!);
    expect(rows).toHaveLength(120);
    expect(Object.keys(rows[0]!).slice(0, 2)).toEqual(["id", "record_id"]);
    expect(Object.keys(rows[0]!)).not.toContain("question");
    rows.forEach((row, index) => {
      expect(row).toMatchObject({ id: String(index + 1), row: String(index + 1), status: "succeeded" });
      expect(row.output_text).toContain(`What is ${index + 1} squared?`);
    });
  });
});
