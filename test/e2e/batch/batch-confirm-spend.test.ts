/**
 * Confirm asks the spend cap again: a plan may wait for hours, and what the server spent meanwhile counts. A plan
 * made under the cap is refused at Confirm once the day's spend reached it, and nothing is submitted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
beforeAll(async () => {
  kit = await startBatchBotKit({ bot: "daily_spend_cap_usd = 1" });
  bot = await kit.startBot();
});
afterAll(async () => kit.close());

describe("/batch Confirm and the daily spend cap", () => {
  it("GIVEN a plan made under the cap WHEN the server spends its budget before alice presses Confirm THEN she reads the cap sentence and no job is created", async () => {
    const command = kit.discord.runCommand({
      name: "batch",
      subcommand: "submit",
      channelId: kit.ids.general,
      userId: kit.ids.alice,
      options: { file1: { filename: "q.csv", bytes: questionsCsv(100), contentType: "text/csv" }, template: "{question}", model: "nova-lite" },
    });
    const plan = await kit.discord.waitFor(() => {
      const reply = kit.discord.originalResponse(command);
      return reply !== undefined && reply.components.length > 0 ? reply : undefined;
    }, { description: "the plan with its buttons" });

    // Meanwhile a chat turn (or another job) spends the rest of the day's budget.
    await bot.usage.record({ at: new Date().toISOString(), kind: "chat", userId: kit.ids.bob, guildId: kit.ids.guild, model: "nova-lite", inputTokens: 1, outputTokens: 1, costUsd: 1 });
    const customId = /bdbatch:confirm:[\w-]+/.exec(JSON.stringify(plan.components))?.[0];
    kit.discord.clickButton({ messageId: plan.id, customId: customId!, userId: kit.ids.alice });

    const refused = await kit.discord.waitFor(() => {
      const message = kit.discord.message(plan.id);
      return message?.content.includes("❌ Not submitted") === true ? message.content : undefined;
    }, { description: "the refusal under the plan" });
    expect(refused).toContain("This server has used $1.00 of its $1.00 daily budget");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);
  });
});
