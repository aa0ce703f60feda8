/** A mention gets a streamed answer: typing first, then a reply edited as tokens arrive, then the final footer. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.bedrock.reset());

describe("a mention", () => {
  it("GIVEN a paced model WHEN alice mentions the bot THEN the reply streams through several edits and ends with the usage footer", async () => {
    h.bedrock.setPace({ firstTokenMs: 300, deltaMs: 60 });
    h.bedrock.script(TEST_MODEL.id, { text: "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen." });

    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "count for me", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id });
    await h.discord.waitFor(() => answer.content.includes("$") && answer);

    expect(answer.content).toContain("One two three");
    expect(answer.content).toMatch(/-# test-model · \d+ in · \d+ out · \$/);
    expect(answer.versions.length).toBeGreaterThanOrEqual(3);
    expect(answer.versions[0]?.content).toContain("⏳ generating…");
    expect(h.discord.typingIn(h.ids.general).length).toBeGreaterThan(0);
    expect(h.bedrock.requests.at(-1)?.body.messages).toEqual([{ role: "user", content: [{ text: "Alice: count for me" }] }]);
    expect(answer.pings.users).toEqual([h.ids.alice]);
    expect(h.usage.records.at(-1)).toMatchObject({ kind: "chat", userId: h.ids.alice, guildId: h.ids.guild, model: TEST_MODEL.name });
  });
});
