/**
 * The channel's real upload limit, end to end: a job submitted in a boosted guild (its interactions report
 * `attachment_size_limit` = 25 MiB, and the fake Discord takes uploads that large there) gets a results file between
 * 10 and 25 MiB attached whole (prepared for the owner's DMs instead, it is split: DMs keep the default); the same
 * job in an unboosted guild has it split into parts of at most 10 MiB; and when the boosted channel refuses the
 * bot, the notice reaches the owner's DMs split to the default limit.
 */
import { describe, expect, it } from "vitest";
import { findJobRow } from "../../../src/bedrock/batch/jobs/batch-store.ts";
import { prepareJobNotice } from "../../../src/bot/batch/prepare-job-notice.ts";
import { DEFAULT_GUILDS, type StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { noticeParts, restoreBotPermissions, submitQuestions } from "./batch-e2e-steps.ts";
import { longQuestionsCsv } from "./long-questions-csv.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

const MiB = 1024 * 1024;
const BOOSTED_LIMIT = 25 * MiB;

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit(
  {
    batch: "confirm = false",
    discord: {
      guilds: [
        { ...DEFAULT_GUILDS[0]!, uploadLimitBytes: BOOSTED_LIMIT },
        { name: "Plain Guild", channels: [{ name: "plain" }], members: [{ username: "alice", owner: true }, { username: "bob" }] },
      ],
    },
  },
  (started) => ({ kit, bot } = started),
);

/** Submits long questions (results.csv about 13 MiB; the question column left out, `prompt` holds it) as alice in `channelId`; resolves with the job's notice once it ended. */
async function runJob(channelId: string): Promise<{ notice: StoredMessage[]; jobName: string }> {
  const { status, jobName } = await submitQuestions(kit, { channelId, bytes: longQuestionsCsv(1600, 8000), maxTokens: 4000, columns: "-question" });
  await kit.bedrock.batch.settle();
  await bot.poll();
  const notice = noticeParts(kit, channelId, jobName);
  expect(notice[0]?.messageReference?.message_id).toBe(status.id);
  return { notice, jobName };
}

const files = (notice: readonly StoredMessage[]) => notice.flatMap((message) => message.attachments);

describe("/batch results and the channel's upload limit", () => {
  it("GIVEN a boosted guild allowing 25 MiB WHEN a job's results.csv is between 10 and 25 MiB THEN it is attached whole, not split or linked", async () => {
    const { notice, jobName } = await runJob(kit.ids.general);

    const csv = files(notice).find((attachment) => attachment.filename === "results.csv");
    expect(csv?.bytes.byteLength).toBeGreaterThan(10 * MiB);
    expect(csv?.bytes.byteLength).toBeLessThanOrEqual(BOOSTED_LIMIT);
    expect(files(notice).some((attachment) => attachment.filename.startsWith("results.part"))).toBe(false);
    expect(notice[0]?.embeds[0]?.description ?? "").not.toContain("results.csv");

    // The DM fallback (channel gone or closed to the bot) is held to the default: a guild's boost does not follow.
    const row = await findJobRow(bot.runtime.store, jobName);
    const forDm = await prepareJobNotice(row!, bot.runtime, kit.config, undefined, "dm");
    const dmNames = (forDm.attachments ?? []).flat().map((file) => file.name);
    expect(dmNames).not.toContain("results.csv");
    expect(dmNames).toEqual(expect.arrayContaining(["results.part1.csv", "results.part2.csv"]));
  });

  it("GIVEN an unboosted guild WHEN the same job ends THEN results.csv is split into parts of at most 10 MiB, as before", async () => {
    const { notice } = await runJob(kit.discord.channelId("plain", "Plain Guild"));

    const names = files(notice).map((attachment) => attachment.filename);
    expect(names).not.toContain("results.csv");
    expect(names).toEqual(expect.arrayContaining(["results.part1.csv", "results.part2.csv"]));
    expect(Math.max(...files(notice).map((attachment) => attachment.bytes.byteLength))).toBeLessThanOrEqual(10 * MiB);
  });

  it("GIVEN a boosted guild WHEN the bot lost SendMessages there before the job ended THEN the DM notice splits results.csv to the default 10 MiB", async () => {
    const { jobName } = await submitQuestions(kit, { channelId: kit.ids.general, bytes: longQuestionsCsv(1600, 8000), maxTokens: 4000 });
    kit.discord.setBotPermissions(kit.ids.general, { deny: ["SendMessages"] });
    try {
      await kit.bedrock.batch.settle();
      await bot.poll();
    } finally {
      restoreBotPermissions(kit, kit.ids.general);
    }

    expect(noticeParts(kit, kit.ids.general, jobName)).toEqual([]);
    const dm = kit.discord.dmChannel(kit.ids.alice);
    const notice = dm === undefined ? [] : noticeParts(kit, dm.id, jobName);
    const names = files(notice).map((attachment) => attachment.filename);
    expect(names).not.toContain("results.csv");
    expect(names).toEqual(expect.arrayContaining(["results.part1.csv", "results.part2.csv"]));
    expect(Math.max(...files(notice).map((attachment) => attachment.bytes.byteLength))).toBeLessThanOrEqual(10 * MiB);
  });
});
