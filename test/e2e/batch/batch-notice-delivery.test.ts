/**
 * Where and how a completion notice arrives, end to end: the bot lost SEND_MESSAGES or VIEW_CHANNEL in the
 * submission's channel while the job ran (-> the owner's DMs, once); a notice of several messages (all parts, in
 * order, each within Discord's limits, once, and after a failure between parts only the missing part); an admin
 * who is not the owner posting a member's results again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatNoticeMarker } from "../../../src/bot/batch/job-notice-marker.ts";
import type { PermissionName, StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { DISCORD_ATTEMPTS, noticeParts, restoreBotPermissions, submitQuestions } from "./batch-e2e-steps.ts";
import { longQuestionsCsv } from "./long-questions-csv.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false" }, (started) => ({ kit, bot } = started));

describe("/batch notice when the bot lost its permission in the channel", () => {
  afterEach(() => restoreBotPermissions(kit, kit.ids.random));

  it.each<{ lost: PermissionName; code: number }>([
    { lost: "SendMessages", code: 50013 },
    { lost: "ViewChannel", code: 50001 },
  ])("GIVEN the bot lost $lost in the job's channel WHEN the job ends THEN the notice goes to the owner's DMs, exactly once", async ({ lost, code }) => {
    const { jobName } = await submitQuestions(kit, { channelId: kit.ids.random, userId: kit.ids.bob });
    kit.discord.setBotPermissions(kit.ids.random, { deny: [lost] });
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll();

    expect(kit.discord.errors.map((error) => error.code)).toContain(code);
    expect(noticeParts(kit, kit.ids.random, jobName)).toEqual([]);
    const dm = kit.discord.dmChannel(kit.ids.bob);
    const notices = dm === undefined ? [] : noticeParts(kit, dm.id, jobName);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toContain(`<@${kit.ids.bob}> your batch job on **nova-lite** is done: 100 of 100 records succeeded.`);
    expect(notices[0]?.attachments.map((attachment) => attachment.filename)).toContain("results.csv");
  });
});

describe("/batch notice of several messages", () => {
  /**
   * Bytes per file for these tests: results.csv and results.jsonl of `longQuestionsCsv(100, 6000)` (about 610 and
   * 630 kB) are each split into 5 parts, which with summary.json makes 11 files: more than one message holds. The
   * long question column is left out of the results (`columns: -question`), as its copy in `prompt` holds it already.
   */
  const PART_LIMIT = 145_000;

  /** Runs a job whose notice takes several messages; resolves with its name, the notice not yet posted. */
  async function endJobWithManyFiles(): Promise<string> {
    bot.runtime.uploadLimitBytes = PART_LIMIT;
    const { jobName } = await submitQuestions(kit, { bytes: longQuestionsCsv(100, 6000), maxTokens: 2000, columns: "-question" });
    await kit.bedrock.batch.settle();
    return jobName;
  }
  afterEach(() => {
    bot.runtime.uploadLimitBytes = 10 * 1024 * 1024;
  });

  /** Which part of `noticeId` a message says it is (`part k/n` in its footer or subtext line). */
  const partOf = (message: StoredMessage, noticeId: string): string =>
    [message.content, ...message.embeds.map((embed) => embed.footer?.text ?? "")].join("\n").match(new RegExp(`job ${noticeId} · part (\\d+/\\d+)`))?.[1] ?? "whole";

  it("GIVEN results of 11 files WHEN the job ends THEN every part arrives once, in order, each within Discord's limits", async () => {
    const jobName = await endJobWithManyFiles();
    await bot.poll();
    await bot.poll();

    const parts = noticeParts(kit, kit.ids.general, jobName);
    expect(parts.map((message) => partOf(message, jobName))).toEqual(["1/2", "2/2"]);
    expect(parts[0]?.content).toContain(`<@${kit.ids.alice}> your batch job on **nova-lite** is done`);
    expect(parts[1]?.content.endsWith(`-# ${formatNoticeMarker(jobName, 2, 2)}`)).toBe(true);
    for (const message of parts) {
      expect(message.attachments.length).toBeLessThanOrEqual(10);
      expect(message.content.length).toBeLessThanOrEqual(2000);
      for (const attachment of message.attachments) expect(attachment.bytes.byteLength).toBeLessThanOrEqual(PART_LIMIT);
    }
    const names = parts.flatMap((message) => message.attachments.map((attachment) => attachment.filename));
    expect(names.toSorted()).toEqual([
      ...[1, 2, 3, 4, 5].map((part) => `results.part${part}.csv`),
      ...[1, 2, 3, 4, 5].map((part) => `results.part${part}.jsonl`),
      "summary.json",
    ].toSorted());
    const rows = parts.flatMap((message) => message.attachments).filter((attachment) => attachment.filename.endsWith(".csv"));
    const records = rows.reduce((sum, attachment) => sum + Buffer.from(attachment.bytes).toString("utf8").trim().split("\n").length - 1, 0);
    expect(records).toBe(100);
  });

  it("GIVEN part 1 posted and Discord failing the post of part 2 WHEN the next poll runs THEN only part 2 is posted", async () => {
    const jobName = await endJobWithManyFiles();
    const posted = () => noticeParts(kit, kit.ids.general, jobName);
    kit.discord.inject5xx(({ route }) => route === "messages.create" && posted().length === 1, DISCORD_ATTEMPTS);

    await bot.poll();
    const first = posted();
    expect(first.map((message) => partOf(message, jobName))).toEqual(["1/2"]);
    expect(kit.discord.stats.injected5xx).toBeGreaterThanOrEqual(DISCORD_ATTEMPTS);

    await bot.poll();
    await bot.poll();
    const parts = posted();
    expect(parts.map((message) => partOf(message, jobName))).toEqual(["1/2", "2/2"]);
    expect(parts[0]?.id).toBe(first[0]?.id);
    const record = await bot.runtime.notices.get(jobName);
    expect(record?.receipt).toMatchObject({ messageIds: parts.map((message) => message.id), recovered: true });
  });
});

describe("/batch results by an admin", () => {
  it("GIVEN bob's finished job WHEN alice, a server admin who did not start it, asks for its results THEN they are posted again for bob", async () => {
    const { jobName } = await submitQuestions(kit, { userId: kit.ids.bob });
    await kit.bedrock.batch.settle();
    await bot.poll();

    const asked = kit.discord.runCommand({ name: "batch", subcommand: "results", channelId: kit.ids.random, userId: kit.ids.alice, options: { job: jobName } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(asked)?.content.includes("posted again"), { description: "the re-post's confirmation" });

    const reposts = noticeParts(kit, kit.ids.random, `${jobName}/repost-`);
    expect(reposts).toHaveLength(1);
    expect(reposts[0]?.content).toContain(`<@${kit.ids.bob}> your batch job on **nova-lite** is done: 100 of 100 records succeeded.`);
    expect(reposts[0]?.attachments.map((attachment) => attachment.filename)).toContain("results.csv");
    expect(noticeParts(kit, kit.ids.general, jobName)).toHaveLength(1);
  });
});
