/**
 * Drafts nobody adds to expire through the running bot: the batch watcher's cycle deletes a draft older than
 * `[batch] draft_ttl_hours` with its S3 copies, while a draft still within its time stays whole.
 */
import { describe, expect, it } from "vitest";
import type { FakeInteraction } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { answerText, keysUnder } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

const HOUR = 3_600_000;

let kit: BatchBotKit;
let bot: BatchBot;
let clock = Date.parse("2026-11-22T10:00:00Z");
useBatchBotKit({ batch: "draft_ttl_hours = 24" }, (started) => ({ kit, bot } = started), { now: () => new Date(clock) });

const draftKeys = () => keysUnder(kit, "drafts/");
const answered = (interaction: FakeInteraction) => answerText(kit, interaction);

async function addFile(channelId: string, userId: string, filename: string): Promise<void> {
  const add = kit.discord.runCommand({ name: "batch", subcommand: "add", channelId, userId, options: { file1: { filename, bytes: Buffer.from(`notes in ${filename}`), contentType: "text/plain" } } });
  expect(await answered(add)).toContain(`Added \`${filename}\``);
}

describe("/batch drafts expire through the watcher", () => {
  it("GIVEN alice's draft untouched for 25 h and bob's added 2 h ago WHEN the watcher polls THEN alice's copy is deleted and bob's draft is whole", async () => {
    await addFile(kit.ids.general, kit.ids.alice, "old.txt");
    clock += 23 * HOUR;
    await addFile(kit.ids.general, kit.ids.bob, "fresh.txt");
    expect(await draftKeys()).toHaveLength(2);

    clock += 2 * HOUR;
    await bot.poll();

    const left = await draftKeys();
    expect(left).toEqual([expect.stringContaining(`/${kit.ids.bob}/`)]);
    expect(await answered(kit.discord.runCommand({ name: "batch", subcommand: "draft", channelId: kit.ids.general, userId: kit.ids.alice }))).toContain("Your draft in this channel is empty");
    expect(await answered(kit.discord.runCommand({ name: "batch", subcommand: "draft", channelId: kit.ids.general, userId: kit.ids.bob }))).toContain("fresh.txt");
  });
});
