/**
 * How `/batch` jobs end, end to end ([batch] confirm = false, so a submit goes straight to Bedrock): partial success
 * with per-record errors, failure with Bedrock's reason, cancel by the owner (refused for others), a bot restarted
 * mid-job, results over the upload limit as a link, a deleted channel -> DM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
beforeAll(async () => {
  kit = await startBatchBotKit({ batch: "confirm = false" });
  bot = await kit.startBot();
});
afterAll(async () => kit.close());

/** Submits `rows` CSV questions as `userId`; resolves with the status message and the job's name. */
async function submitQuestions(rows: number, options: { channelId?: string; userId?: string } = {}): Promise<{ status: StoredMessage; jobName: string }> {
  const before = kit.bedrock.batch.jobs().length;
  const command = kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: options.channelId ?? kit.ids.general,
    userId: options.userId ?? kit.ids.alice,
    options: { file1: { filename: "questions.csv", bytes: questionsCsv(rows), contentType: "text/csv" }, template: "Answer briefly: {question}", model: "nova-lite" },
  });
  const status = await kit.discord.waitFor(() => {
    const reply = kit.discord.originalResponse(command);
    return reply?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > before ? reply : undefined;
  }, { description: "the status message of a submitted job" });
  const jobName = kit.bedrock.batch.jobs().at(-1)?.jobName ?? "";
  return { status, jobName };
}

const noticesFor = (channelId: string, submissionId: string): StoredMessage[] =>
  kit.discord.messages(channelId).filter((message) => message.messageReference?.message_id === submissionId && message.embeds.length > 0);

describe("/batch job outcomes", () => {
  it("GIVEN two records Bedrock rejects WHEN the job ends PartiallyCompleted THEN the notice lists each failed record with its error", async () => {
    const { status, jobName } = await submitQuestions(120);
    kit.bedrock.batch.failRecords(["R000000003", "R000000007"], { errorCode: 400, errorMessage: "Malformed input request: bad record" });
    await kit.bedrock.batch.settle();
    await bot.poll();

    const [notice] = noticesFor(kit.ids.general, status.id);
    expect(notice?.content).toContain("is done, with errors: 118 of 120 records succeeded, 2 failed.");
    const failed = notice?.embeds[0]?.fields?.find((field) => field.name === "Failed records")?.value ?? "";
    expect(failed.split("\n")).toEqual([
      "• questions.csv row 3: 400 Malformed input request: bad record",
      "• questions.csv row 7: 400 Malformed input request: bad record",
    ]);
    expect(notice?.embeds[0]?.footer?.text).toContain(`job ${jobName}`);
  });

  it("GIVEN Bedrock fails the job WHEN the watcher sees it THEN the notice gives the reason and what to do", async () => {
    const { status, jobName } = await submitQuestions(100);
    kit.bedrock.batch.scriptOutcome(jobName, "Failed", "Internal failure: the model is unavailable.");
    await kit.bedrock.batch.settle();
    await bot.poll();

    const [notice] = noticesFor(kit.ids.general, status.id);
    expect(notice?.content).toContain("your batch job on **nova-lite** failed.");
    const fields = Object.fromEntries((notice?.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields.Reason).toBe("Internal failure: the model is unavailable.");
    expect(fields["What to do"]).toContain("then submit again");
  });

  it("GIVEN alice's running job WHEN bob cancels it THEN he is refused; WHEN alice cancels THEN it stops and the notice says so", async () => {
    const { status, jobName } = await submitQuestions(100);
    const refused = kit.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids.bob, options: { job: jobName } });
    const refusal = await kit.discord.waitFor(() => refused.response);
    expect(JSON.stringify(refusal.data)).toContain("Only the member who started this job");
    expect(kit.bedrock.batch.jobs().find((job) => job.jobName === jobName)?.status).toBe("Submitted");

    const cancel = kit.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(cancel)?.content.includes("⏹️"));
    await kit.bedrock.batch.settle();
    await bot.poll();
    const [notice] = noticesFor(kit.ids.general, status.id);
    expect(notice?.embeds[0]?.title).toBe("⏹️ Batch job stopped");
  });

  it("GIVEN a job running WHEN the bot restarts (new client, new stores on the same sqlite file) THEN the new bot posts exactly one notice", async () => {
    const { status } = await submitQuestions(100);
    await bot.stop();
    await kit.bedrock.batch.settle();
    bot = await kit.startBot();
    await bot.poll();
    await bot.poll();
    expect(noticesFor(kit.ids.general, status.id)).toHaveLength(1);
  });

  it("GIVEN results over the upload limit WHEN posted THEN the notice links them with a presigned S3 URL that serves the file", async () => {
    bot.runtime.uploadLimitBytes = 1_000;
    try {
      const { status } = await submitQuestions(150);
      await kit.bedrock.batch.settle();
      await bot.poll();
      const [notice] = noticesFor(kit.ids.general, status.id);
      const description = notice?.embeds[0]?.description ?? "";
      expect(description).toContain("**Download** (too large to attach):");
      const url = /\[results\.csv\]\((http[^)]+)\)/.exec(description)?.[1];
      expect(url).toBeDefined();
      const csv = await (await fetch(url!)).text();
      expect(csv.trim().split("\n")).toHaveLength(151);
      expect(notice?.attachments.some((attachment) => attachment.filename === "results.csv")).toBe(false);
    } finally {
      bot.runtime.uploadLimitBytes = 10 * 1024 * 1024;
    }
  });

  it("GIVEN the job's channel was deleted WHEN the job ends THEN the owner gets the notice by DM", async () => {
    const { jobName } = await submitQuestions(100, { channelId: kit.ids.random, userId: kit.ids.bob });
    kit.discord.deleteChannel(kit.ids.random);
    await kit.bedrock.batch.settle();
    await bot.poll();
    const dm = await kit.discord.waitFor(() => kit.discord.dmChannel(kit.ids.bob));
    const notices = kit.discord.messages(dm.id).filter((message) => message.embeds[0]?.footer?.text?.includes(`job ${jobName}`) === true);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toContain(`<@${kit.ids.bob}> your batch job on **nova-lite** is done`);
  });
});
