/** `/system` through the real discord.js client: view with its source, set by an admin and used, refused for others. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../bot-harness.ts";
import { EPHEMERAL, mentionAndWait, registerCommands, runCommandAndWait } from "./command-kit.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ bot: { system_prompt: "Config prompt for {server}." } });
  await registerCommands(h.discord);
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.bedrock.reset());

describe("/system", () => {
  it("GIVEN nothing set WHEN a member looks THEN privately: the config's prompt as written, in an embed, and its source", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.bob });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toBe("System prompt in force here: the bot's default (its config file).");
    expect(reply.embeds).toEqual([expect.objectContaining({ title: "System prompt", description: "```\nConfig prompt for {server}.\n```" })]);
  });

  it("GIVEN alice (admin) sets a channel prompt WHEN the bot is mentioned THEN the request's system is that prompt, filled in", async () => {
    const set = await runCommandAndWait(h.discord, {
      name: "system",
      channelId: h.ids.general,
      userId: h.ids.alice,
      options: { prompt: "You are terse. Channel: #{channel}." },
    });
    expect(set.content.split("\n")).toEqual([
      `Set the system prompt for <#${h.ids.general}> and its threads (35 characters). It applies from the next answer on.`,
      expect.stringMatching(new RegExp(`^System prompt in force here: set for <#${h.ids.general}> \\(last changed by <@${h.ids.alice}> on `)),
    ]);
    expect(set.embeds[0]?.description).toBe("```\nYou are terse. Channel: #{channel}.\n```");

    await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "hi" });
    expect(h.bedrock.requests.at(-1)?.body.system).toEqual([{ text: "You are terse. Channel: #general." }]);

    await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "hi" });
    expect(h.bedrock.requests.at(-1)?.body.system).toEqual([{ text: "Config prompt for Test Guild." }]);
  });

  it("GIVEN bob (no Manage Server) WHEN he sets or clears the prompt THEN refused privately and the prompt stays", async () => {
    for (const options of [{ prompt: "Talk like a pirate." }, { clear: true }] as Record<string, string | boolean>[]) {
      const reply = await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.bob, options });
      expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(reply.content).toBe("❌ Only bot admins and members with Manage Server can change the system prompt. You can still see it with this command.");
    }
    await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "arr?" });
    expect(h.bedrock.requests.at(-1)?.body.system).toEqual([{ text: "You are terse. Channel: #general." }]);
  });

  it("GIVEN a server prompt and a cleared channel prompt THEN the server's applies, and the view says so", async () => {
    await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "Server-wide.", scope: "server" } });
    const cleared = await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.alice, options: { clear: true } });
    expect(cleared.content).toMatch(/^Removed the system prompt for <#\d+> and its threads\.\nSystem prompt in force here: this server's default \(last changed by/);
    await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "hi" });
    expect(h.bedrock.requests.at(-1)?.body.system).toEqual([{ text: "Server-wide." }]);
  });

  it("GIVEN both a prompt and clear THEN refused as contradictory", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "system", channelId: h.ids.general, userId: h.ids.alice, options: { prompt: "x", clear: true } });
    expect(reply.content).toBe("❌ Give a prompt or clear, not both.");
  });
});
