/** The e2e rig itself: it starts, the plugin is attached, and it stops cleanly. */
import { Events } from "discord.js";
import { expect, it } from "vitest";
import { startBotHarness } from "../bot-harness.ts";

it("GIVEN the harness WHEN started THEN the client is ready with the plugin's listeners, and detach removes exactly them", async () => {
  const harness = await startBotHarness();
  try {
    expect(harness.client.user.id).toEqual(harness.ids.bot);
    expect(harness.context.config.models.map((model) => model.name)).toEqual(["test-model", "other-model"]);
    expect(harness.client.listenerCount(Events.MessageCreate)).toBeGreaterThan(0);
    await harness.bot.detach();
    expect(harness.client.listenerCount(Events.MessageCreate)).toEqual(0);
    expect(harness.client.listenerCount(Events.InteractionCreate)).toEqual(0);
  } finally {
    await harness.stop();
  }
});

it.each(["sqlite", "redis"] as const)("GIVEN the real %s store WHEN a question is answered THEN the store meters it for the spend cap", async (store) => {
  const harness = await startBotHarness({ store });
  try {
    const question = harness.discord.userSays({ channelId: harness.ids.general, authorId: harness.ids.bob, content: "hi", mentionsBot: true });
    await harness.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.content.includes(" out · ") });

    expect(harness.usage.records).toHaveLength(1);
    expect(await harness.context.usage.spentToday(harness.ids.guild, new Date())).toBeCloseTo(harness.usage.records[0]!.costUsd, 10);
  } finally {
    await harness.stop();
  }
});
