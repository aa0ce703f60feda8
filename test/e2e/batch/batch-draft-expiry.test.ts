/**
 * Drafts nobody adds to expire through the running bot: the batch watcher's cycle deletes a draft older than
 * `[batch] draft_ttl_hours` with its S3 copies, while a draft still within its time stays whole.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { FakeInteraction } from "../../fakes/discord/index.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";

const HOUR = 3_600_000;

let kit: BatchBotKit;
let bot: BatchBot;
let clock = Date.parse("2026-11-22T10:00:00Z");
beforeAll(async () => {
  kit = await startBatchBotKit({ batch: "draft_ttl_hours = 24" });
  bot = await kit.startBot({ now: () => new Date(clock) });
});
afterAll(async () => kit.close());

const draftKeys = async (): Promise<string[]> =>
  ((await kit.s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${kit.config.data.batch.prefix}drafts/` }))).Contents ?? []).map((object) => object.Key ?? "");

const answered = (interaction: FakeInteraction): Promise<string> =>
  kit.discord.waitFor(() => kit.discord.originalResponse(interaction)?.content || (interaction.response?.type === 4 ? JSON.stringify(interaction.response.data) : undefined), {
    description: "the command's answer",
  });

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
