/** What triggers an answer (a mention, a DM; not bots, not plain chatter) and how it streams, pinging nobody else. */
import { describe, expect, it } from "vitest";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished, repliesTo } from "../answer-predicates.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));


describe("a mention", () => {
  it("GIVEN a paced model WHEN alice mentions the bot THEN the reply streams through several edits and ends with the usage footer", async () => {
    h.bedrock.setPace({ firstTokenMs: 300, deltaMs: 60 });
    h.bedrock.script(TEST_MODEL.id, { text: "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen." });

    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "count for me", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: repliesTo(question.id) });
    await h.discord.waitFor(() => answerFinished(answer));

    expect(answer.content).toContain("One two three");
    expect(answer.content).toMatch(/-# test-model · \d+ in · \d+ out · \$/);
    expect(answer.versions.length).toBeGreaterThanOrEqual(3);
    expect(answer.versions[0]?.content).toContain("⏳ generating…");
    expect(answer.versions[0]?.components).not.toEqual([]); // Stop while generating
    expect(JSON.stringify(answer.components)).toContain("bdb:retry:");
    expect(h.discord.typingIn(h.ids.general).length).toBeGreaterThan(0);
    expect(h.bedrock.requests.at(-1)?.body.messages).toEqual([{ role: "user", content: [{ text: "Alice: count for me" }] }]);
    expect(h.bedrock.requests.at(-1)?.body.system?.[0]?.text).toContain("Test Guild, #general");
    expect(answer.pings).toEqual({ users: [h.ids.alice], roles: [], everyone: false });
    expect(h.usage.records.at(-1)).toMatchObject({ kind: "chat", userId: h.ids.alice, guildId: h.ids.guild, channelId: h.ids.general, model: TEST_MODEL.name });
  });

  it("GIVEN model output with @everyone, @here, a role and a user mention WHEN it is shown THEN nobody but the asker is pinged", async () => {
    const role = h.discord.roleId("Admin");
    h.bedrock.script(TEST_MODEL.id, { text: `@everyone @here <@&${role}> <@${h.ids.bob}> look at this` });

    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "say it", mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: (m) => repliesTo(question.id)(m) && answerFinished(m) });

    expect(answer.content).toContain("@everyone @here");
    expect(answer.pings).toEqual({ users: [h.ids.alice], roles: [], everyone: false });
    expect(h.discord.requests.filter((r) => r.route === "messages.create" || r.route === "messages.edit").every((r) => JSON.stringify((r.body as { allowed_mentions?: { parse?: unknown } }).allowed_mentions?.parse) === "[]")).toBe(true);
  });

  it("GIVEN a direct message WHEN bob writes without a mention THEN the bot answers in the DM", async () => {
    const dm = h.discord.dmChannel(h.ids.bob);
    const question = h.discord.userSays({ channelId: dm.id, authorId: h.ids.bob, content: "hello in private" });

    const answer = await h.discord.waitForMessage({ channelId: dm.id, where: (m) => repliesTo(question.id)(m) && answerFinished(m) });

    expect(answer.content).toContain("echo: Bob: hello in private");
    expect(h.bedrock.requests.at(-1)?.body.system?.[0]?.text).toContain("direct messages, #dm");
    expect(h.usage.records.at(-1)).toMatchObject({ userId: h.ids.bob, channelId: dm.id });
    expect(h.usage.records.at(-1)?.guildId).toBeUndefined();
  });

  it("GIVEN messages that do not ask the bot (no mention, another bot's mention, the bot's own) WHEN posted THEN nothing is answered", async () => {
    const other = h.discord.addMember({ username: "otherbot" });
    h.discord.world.users.get(other.id)!.bot = true;
    h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: "just chatting" });
    h.discord.userSays({ channelId: h.ids.random, authorId: other.id, content: "hey bot", mentionsBot: true });
    // A marker the bot does answer, posted last: once it is answered, the earlier ones were seen and skipped.
    const marker = h.discord.userSays({ channelId: h.ids.random, authorId: h.ids.bob, content: "marker", mentionsBot: true });

    await h.discord.waitForMessage({ channelId: h.ids.random, where: (m) => repliesTo(marker.id)(m) && answerFinished(m) });

    expect(h.bedrock.requests).toHaveLength(1);
    expect(h.discord.messages(h.ids.random).filter((m) => m.authorId === h.ids.bot)).toHaveLength(1);
  });
});
