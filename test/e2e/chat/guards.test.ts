/** Refusals before any model call: deny lists, the per-user rate limit, the guild's daily spend cap. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({
    bot: (discord) => ({ rate_limit_per_minute: 2, daily_spend_cap_usd: 1, deny_users: [discord.userId("bob")], deny_channels: [discord.channelId("random")] }),
  });
  h.discord.addMember({ username: "carol" });
  h.discord.addMember({ username: "dave" });
});
afterAll(async () => {
  await h.stop();
});

/** The bot's reply to a new message: a finished answer or a refusal. */
async function reply(channelId: string, authorId: string, content: string): Promise<StoredMessage> {
  const question = h.discord.userSays({ channelId, authorId, content, mentionsBot: true });
  return await h.discord.waitForMessage({
    channelId,
    where: (m) => m.messageReference?.message_id === question.id && (m.content.includes(" out · ") || m.content.startsWith("❌")),
  });
}

describe("guards", () => {
  it("GIVEN bob on the deny list WHEN he mentions the bot THEN he is told so and Bedrock is not called", async () => {
    const refusal = await reply(h.ids.general, h.ids.bob, "hi");

    expect(refusal.content).toEqual("❌ You are not allowed to use this bot.");
    expect(refusal.pings.users).toEqual([h.ids.bob]);
    expect(h.bedrock.requests).toHaveLength(0);
  });

  it("GIVEN a denied channel WHEN carol mentions the bot there THEN the bot says it doesn't answer there", async () => {
    const refusal = await reply(h.ids.random, h.discord.userId("carol"), "hi");

    expect(refusal.content).toEqual("❌ I don't answer in this channel.");
    expect(h.bedrock.requests).toHaveLength(0);
  });

  it("GIVEN a limit of 2 per minute WHEN carol asks 4 times THEN the third is refused with the seconds to wait, the fourth only gets a ⏳", async () => {
    const carol = h.discord.userId("carol");
    expect((await reply(h.ids.general, carol, "one")).content).toContain("echo: Carol: one");
    expect((await reply(h.ids.general, carol, "two")).content).toContain("echo: Carol: two");

    const refusal = await reply(h.ids.general, carol, "three");

    expect(refusal.content).toMatch(/^❌ You're sending requests too quickly: try again in \d+ seconds?\.$/);
    expect(h.bedrock.requests).toHaveLength(2);

    // Told once: flooding on gets a reaction, not a reply per message.
    const fourth = h.discord.userSays({ channelId: h.ids.general, authorId: carol, content: "four", mentionsBot: true });
    await h.discord.waitFor(() => (h.discord.message(fourth.id)?.reactions.has("⏳") === true ? true : undefined), { description: "the ⏳ on the fourth message" });
    const refusals = h.discord.messages(h.ids.general).filter((message) => message.content.startsWith("❌ You're sending requests too quickly"));
    expect(refusals).toHaveLength(1);
    expect(h.bedrock.requests).toHaveLength(2);
  });

  it("GIVEN the guild spent its daily cap WHEN dave asks THEN he is told the budget is used up and when it resets", async () => {
    await h.usage.record({ at: new Date().toISOString(), kind: "batch", userId: h.ids.alice, guildId: h.ids.guild, model: TEST_MODEL.name, inputTokens: 1, outputTokens: 1, costUsd: 1.5 });

    const refusal = await reply(h.ids.general, h.discord.userId("dave"), "anything");

    expect(refusal.content).toMatch(/^❌ This server has used \$1\.50 of its \$1\.00 daily budget\. It resets at midnight UTC, in .+\.$/);
    expect(h.bedrock.requests).toHaveLength(2);
  });
});
