/** `/batch results job` end to end: a finished job's notice posted again, by its owner; refused for other members. */
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeIdOf } from "../../../src/bot/batch/job-notice-marker.ts";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
beforeAll(async () => {
  kit = await startBatchBotKit({ batch: "confirm = false" });
  bot = await kit.startBot();
});
afterAll(async () => kit.close());

/** Submits 100 CSV questions as alice in #general; resolves with the job's name once Bedrock has it. */
async function submitQuestions(): Promise<string> {
  const before = kit.bedrock.batch.jobs().length;
  const command = kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: kit.ids.general,
    userId: kit.ids.alice,
    options: { file1: { filename: "questions.csv", bytes: questionsCsv(100), contentType: "text/csv" }, template: "Answer briefly: {question}", model: "nova-lite" },
  });
  await kit.discord.waitFor(() => kit.discord.originalResponse(command)?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > before);
  return kit.bedrock.batch.jobs().at(-1)!.jobName;
}

/** The bot's notices in a channel whose marker names `noticeId` (the job, or one of its re-posts). */
const noticesMarked = (channelId: string, prefix: string) => kit.discord.messages(channelId).filter((message) => message.embeds[0]?.footer?.text?.includes(`job ${prefix}`) === true);

describe("/batch results", () => {
  it("GIVEN alice's completed job WHEN bob asks for its results THEN he is refused; WHEN alice asks THEN the results are posted again as a new notice", async () => {
    const jobName = await submitQuestions();
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(noticesMarked(kit.ids.general, jobName)).toHaveLength(1);

    const refused = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.general, userId: kit.ids.bob, options: { job: jobName } });
    expect(JSON.stringify((await kit.discord.waitFor(() => refused.response)).data)).toContain("Only the member who started this job, or an admin of its server, can post its results again.");
    expect(noticesMarked(kit.ids.general, jobName)).toHaveLength(1);

    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.random, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });
    const reposts = noticesMarked(kit.ids.random, `${jobName}/repost-`);
    expect(reposts).toHaveLength(1);
    expect(reposts[0]?.content).toContain(`<@${kit.ids.alice}> your batch job on **nova-lite** is done: 100 of 100 records succeeded.`);
    const csv = reposts[0]?.attachments.find((attachment) => attachment.filename === "results.csv");
    const rows = parseCsv<Record<string, string>>(Buffer.from(csv!.bytes).toString("utf8"), { columns: true });
    expect(rows).toHaveLength(100);
    expect(noticesMarked(kit.ids.general, jobName)).toHaveLength(1); // the original stays the only one there
  });

  it("GIVEN a job whose notice was recorded undeliverable WHEN alice asks for its results THEN they are posted and the re-post becomes the notice's receipt", async () => {
    const jobName = await submitQuestions();
    // As the watcher records it when neither the channel nor the owner's DMs take the notice.
    await bot.runtime.notices.put(noticeIdOf(jobName), { undeliverable: { at: new Date().toISOString(), reason: "Cannot send messages to this user" } });
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(noticesMarked(kit.ids.general, jobName)).toHaveLength(0);

    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });
    const reposts = noticesMarked(kit.ids.general, `${jobName}/repost-`);
    expect(reposts).toHaveLength(1);
    const record = await bot.runtime.notices.get(noticeIdOf(jobName));
    expect(record?.undeliverable).toBeUndefined();
    expect(record?.receipt?.messageIds).toEqual([reposts[0]?.id]);
    await bot.poll(); // the watcher does not try the original notice again
    expect(noticesMarked(kit.ids.general, jobName)).toHaveLength(1);
  });
});
