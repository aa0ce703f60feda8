/** `/batch results job` end to end: a finished job's notice posted again, by its owner; refused for other members. */
import { describe, expect, it } from "vitest";
import { noticeIdOf } from "../../../src/bot/batch/job-notice-marker.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, noticeParts, submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false" }, (started) => ({ kit, bot } = started));

describe("/batch results", () => {
  it("GIVEN alice's completed job WHEN bob asks for its results THEN he is refused; WHEN alice asks THEN the results are posted again as a new notice", async () => {
    const { jobName } = await submitQuestions(kit);
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);

    const refused = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.general, userId: kit.ids.bob, options: { job: jobName } });
    expect(JSON.stringify((await kit.discord.waitFor(() => refused.response)).data)).toContain("Only the member who started this job, or an admin of its server, can post its results again.");
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);

    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.random, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });
    const reposts = noticeParts(kit, kit.ids.random, `${jobName}/repost-`);
    expect(reposts).toHaveLength(1);
    expect(reposts[0]?.content).toContain(`<@${kit.ids.alice}> your batch job on **nova-lite** is done: 100 of 100 records succeeded.`);
    const rows = csvRows(reposts[0]!);
    expect(rows).toHaveLength(100);
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1); // the original stays the only one there
  });

  it("GIVEN a job whose notice was recorded undeliverable WHEN alice asks for its results THEN they are posted and the re-post becomes the notice's receipt", async () => {
    const { jobName } = await submitQuestions(kit);
    // As the watcher records it when neither the channel nor the owner's DMs take the notice.
    await bot.runtime.notices.put(noticeIdOf(jobName), { undeliverable: { at: new Date().toISOString(), reason: "Cannot send messages to this user" } });
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(0);

    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });
    const reposts = noticeParts(kit, kit.ids.general, `${jobName}/repost-`);
    expect(reposts).toHaveLength(1);
    const record = await bot.runtime.notices.get(noticeIdOf(jobName));
    expect(record?.undeliverable).toBeUndefined();
    expect(record?.receipt?.messageIds).toEqual([reposts[0]?.id]);
    await bot.poll(); // the watcher does not try the original notice again
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);
  });
});
