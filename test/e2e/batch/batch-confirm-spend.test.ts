/**
 * Confirm asks the spend cap again: a plan may wait for hours, and what the server spent meanwhile counts. A plan
 * made under the cap is refused at Confirm once the day's spend reached it, and nothing is submitted.
 */
import { describe, expect, it } from "vitest";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { planOf, press, runQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ bot: "daily_spend_cap_usd = 1" }, (started) => ({ kit, bot } = started));

describe("/batch Confirm and the daily spend cap", () => {
  it("GIVEN a plan made under the cap WHEN the server spends its budget before alice presses Confirm THEN she reads the cap sentence and no job is created", async () => {
    const plan = await planOf(kit, runQuestions(kit));

    // Meanwhile a chat turn (or another job) spends the rest of the day's budget.
    await bot.usage.record({ at: new Date().toISOString(), kind: "chat", userId: kit.ids.bob, guildId: kit.ids.guild, model: "nova-lite", inputTokens: 1, outputTokens: 1, costUsd: 1 });
    press(kit, plan, "confirm");

    const refused = await kit.discord.waitFor(() => {
      const message = kit.discord.message(plan.id);
      return message?.content.includes("❌ Not submitted") === true ? message.content : undefined;
    }, { description: "the refusal under the plan" });
    expect(refused).toContain("This server has used $1.00 of its $1.00 daily budget");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);
  });
});
