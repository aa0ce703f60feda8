/** `/model` through the real discord.js client: suggestions with prices, a per-channel switch the next mention uses. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OTHER_MODEL, startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";
import { autocompleteAndWait, EPHEMERAL, mentionAndWait, registerCommands, runCommandAndWait } from "./command-kit.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  await registerCommands(h.discord);
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.bedrock.reset());

describe("/model", () => {
  it("GIVEN two chat models WHEN a user types into the model options of /model and /chat THEN suggestions with prices, filtered by what was typed", async () => {
    const all = await autocompleteAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.bob, focused: "name", value: "" });
    expect(all).toEqual([
      { name: "test-model — $3.00 / $15.00 per 1M tokens", value: TEST_MODEL.name },
      { name: "other-model — $1.00 / $5.00 per 1M tokens", value: OTHER_MODEL.name },
    ]);
    const typed = await autocompleteAndWait(h.discord, { name: "chat", channelId: h.ids.general, userId: h.ids.bob, focused: "model", value: "OTH" });
    expect(typed).toEqual([{ name: "other-model — $1.00 / $5.00 per 1M tokens", value: OTHER_MODEL.name }]);
  });

  it("GIVEN nothing set WHEN a member asks THEN privately: the config's default model, its price and where it comes from", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.bob });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toBe("**test-model** answers here — $3.00 / $15.00 per 1M tokens; the bot's default (its config file).");
  });

  it("GIVEN alice (admin) switches #general WHEN the bot is mentioned there and in #random THEN #general uses the new model, #random the default", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.alice, options: { name: OTHER_MODEL.name } });
    expect(reply.content.split("\n")).toEqual([
      `Set **other-model** for <#${h.ids.general}> and its threads.`,
      expect.stringMatching(new RegExp(`^\\*\\*other-model\\*\\* answers here — \\$1\\.00 / \\$5\\.00 per 1M tokens; set for <#${h.ids.general}> \\(last changed by <@${h.ids.alice}> on \\d{4}-\\d\\d-\\d\\d\\)\\.$`)),
    ]);

    const answer = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "which model?" });
    expect(answer.content).toContain("-# other-model ·");
    expect(h.bedrock.requests.at(-1)?.modelId).toBe(OTHER_MODEL.id);

    await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "and here?" });
    expect(h.bedrock.requests.at(-1)?.modelId).toBe(TEST_MODEL.id);

    const cleared = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.alice, options: { clear: true } });
    expect(cleared.content).toContain("**test-model** answers here");
  });

  it("GIVEN alice sets a server default while #random has its own model THEN the view names both levels", async () => {
    await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { name: OTHER_MODEL.name } });
    const server = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { name: TEST_MODEL.name, scope: "server" } });
    expect(server.content).toContain("Set **test-model** as this server's default.");
    expect(server.content).toContain("This server's default is **test-model**; `/model clear:True` goes back to it.");
    await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { clear: true } });
    await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { clear: true, scope: "server" } });
  });

  it("GIVEN bob (no Manage Server) WHEN he switches the model THEN refused privately and nothing changes", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.bob, options: { name: OTHER_MODEL.name } });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toBe("❌ Only bot admins and members with Manage Server can change the model. You can still see it with this command.");
    expect(await h.context.settings.getChannel(h.ids.general)).not.toHaveProperty("model");
  });

  it("GIVEN a name that is not a chat model WHEN alice sets it THEN refused with the models there are", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.general, userId: h.ids.alice, options: { name: "gpt-5" } });
    expect(reply.content).toBe('❌ There is no chat model named "gpt-5". Chat models: test-model, other-model.');
  });

  it("GIVEN a DM WHEN bob switches his conversation's model THEN allowed, and his DMs use it; the server scope is refused", async () => {
    const dm = h.discord.dmChannel(h.ids.bob).id;
    const reply = await runCommandAndWait(h.discord, { name: "model", channelId: dm, userId: h.ids.bob, options: { name: OTHER_MODEL.name } });
    expect(reply.content).toContain("Set **other-model** for this conversation.");
    await mentionAndWait(h.discord, { channelId: dm, authorId: h.ids.bob, content: "hello" });
    expect(h.bedrock.requests.at(-1)?.modelId).toBe(OTHER_MODEL.id);

    const server = await runCommandAndWait(h.discord, { name: "model", channelId: dm, userId: h.ids.bob, options: { name: OTHER_MODEL.name, scope: "server" } });
    expect(server.content).toMatch(/^❌ There is no server in a direct message/);
  });
});
