/**
 * How `/batch` jobs end, end to end ([batch] confirm = false, so a submit goes straight to Bedrock): partial success
 * with per-record errors, failure with Bedrock's reason, cancel by the owner (refused for others), a bot restarted
 * mid-job, results over the upload limit as a link, a deleted channel -> DM.
 */
import { describe, expect, it } from "vitest";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { noticeParts, noticesFor, submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false" }, (started) => ({ kit, bot } = started));

describe("/batch job outcomes", () => {
  it("GIVEN two records Bedrock rejects WHEN the job ends PartiallyCompleted THEN the notice lists each failed record with its error", async () => {
    const { status, jobName } = await submitQuestions(kit, { rows: 120 });
    kit.bedrock.batch.failRecords(["R000000003", "R000000007"], { errorCode: 400, errorMessage: "Malformed input request: bad record" });
    await kit.bedrock.batch.settle();
    await bot.poll();

    const [notice] = noticesFor(kit, kit.ids.general, status.id);
    expect(notice?.content).toContain("is done, with errors: 118 of 120 records succeeded, 2 failed.");
    const failed = notice?.embeds[0]?.fields?.find((field) => field.name === "Failed records")?.value ?? "";
    expect(failed.split("\n")).toEqual([
      "• questions.csv row 3 (id=3): 400 Malformed input request: bad record",
      "• questions.csv row 7 (id=7): 400 Malformed input request: bad record",
    ]);
    expect(notice?.embeds[0]?.footer?.text).toContain(`job ${jobName}`);
  });

  it("GIVEN Bedrock fails the job WHEN the watcher sees it THEN the notice gives the reason and what to do", async () => {
    const { status, jobName } = await submitQuestions(kit);
    kit.bedrock.batch.scriptOutcome(jobName, "Failed", "Internal failure: the model is unavailable.");
    await kit.bedrock.batch.settle();
    await bot.poll();

    const [notice] = noticesFor(kit, kit.ids.general, status.id);
    expect(notice?.content).toContain("your batch job on **nova-lite** failed.");
    const fields = Object.fromEntries((notice?.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields.Reason).toBe("Internal failure: the model is unavailable.");
    expect(fields["What to do"]).toContain("then submit again");
  });

  it("GIVEN alice's running job WHEN bob cancels it THEN he is refused; WHEN alice cancels THEN it stops and the notice says so", async () => {
    const { status, jobName } = await submitQuestions(kit);
    const refused = kit.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids.bob, options: { job: jobName } });
    const refusal = await kit.discord.waitFor(() => refused.response);
    expect(JSON.stringify(refusal.data)).toContain("Only the member who started this job");
    expect(kit.bedrock.batch.jobs().find((job) => job.jobName === jobName)?.status).toBe("Submitted");

    const cancel = kit.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(cancel)?.content.includes("⏹️"));
    await kit.bedrock.batch.settle();
    await bot.poll();
    const [notice] = noticesFor(kit, kit.ids.general, status.id);
    expect(notice?.embeds[0]?.title).toBe("⏹️ Batch job stopped");
  });

  it("GIVEN a job running WHEN the bot restarts (new client, new stores on the same sqlite file) THEN the new bot posts exactly one notice", async () => {
    const { status } = await submitQuestions(kit);
    await bot.stop();
    await kit.bedrock.batch.settle();
    bot = await kit.startBot();
    await bot.poll();
    await bot.poll();
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(1);
  });

  it("GIVEN results over the upload limit WHEN posted THEN the notice links them with a presigned S3 URL that serves the file", async () => {
    bot.runtime.uploadLimitBytes = 1_000;
    try {
      const { status } = await submitQuestions(kit, { rows: 150 });
      await kit.bedrock.batch.settle();
      await bot.poll();
      const [notice] = noticesFor(kit, kit.ids.general, status.id);
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
    const { jobName } = await submitQuestions(kit, { channelId: kit.ids.random, userId: kit.ids.bob });
    kit.discord.deleteChannel(kit.ids.random);
    await kit.bedrock.batch.settle();
    await bot.poll();
    const dm = await kit.discord.waitFor(() => kit.discord.dmChannel(kit.ids.bob));
    const notices = noticeParts(kit, dm.id, jobName);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toContain(`<@${kit.ids.bob}> your batch job on **nova-lite** is done`);
  });
});
