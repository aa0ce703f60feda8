/**
 * The status message of a `/batch` job is edited while it is young; Discord refuses edits of messages older than an
 * hour, so after 55 minutes it is left as it is, and the completion is a new message replying to it.
 */
import { describe, expect, it } from "vitest";
import { createManualClock } from "../../fakes/discord/manual-clock.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

const MINUTE = 60_000;
const clock = createManualClock();
let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false", discord: { clock: clock.now } }, (started) => ({ kit, bot } = started), { now: () => new Date(clock.now()) });

describe("/batch status message", () => {
  it("GIVEN a running job WHEN its status message is older than 55 minutes THEN it is no longer edited and the completion is a new message", async () => {
    const { status } = await submitQuestions(kit);
    const editsOfStatus = () => kit.discord.requests.filter((request) => request.method === "PATCH" && request.path.endsWith(`/messages/${status.id}`)).length;

    clock.advance(10 * MINUTE);
    await kit.bedrock.advance(2 * MINUTE);
    await bot.poll();
    const youngEdits = editsOfStatus();
    expect(youngEdits).toBeGreaterThan(0); // young: edited

    clock.advance(46 * MINUTE); // 56 minutes old
    await kit.bedrock.advance(30 * MINUTE);
    await bot.poll();
    await kit.bedrock.batch.settle();
    await bot.poll();

    expect(editsOfStatus()).toBe(youngEdits);
    const completions = kit.discord.messages(kit.ids.general).filter((message) => message.id !== status.id && message.messageReference?.message_id === status.id && message.embeds.length > 0);
    expect(completions).toHaveLength(1);
    expect(completions[0]?.content).toContain("100 of 100 records succeeded");
  });
});
