/** detach(): the plugin's listeners go, answers in flight end marked as stopped, nothing is left "generating". */
import { Events, type Message } from "discord.js";
import { expect, it } from "vitest";
import { startBotHarness } from "../bot-harness.ts";

it("GIVEN an answer streaming WHEN the plugin detaches THEN the answer ends 'stopped: shutting down' and later mentions go unanswered", async () => {
  const h = await startBotHarness();
  try {
    const seen: string[] = [];
    const otherListener = (message: Message) => seen.push(message.content);
    h.client.on(Events.MessageCreate, otherListener); // the host bot's own listener must survive
    h.bedrock.setPace({ firstTokenMs: 20, deltaMs: 200 });
    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: `story ${"word ".repeat(40)}`, mentionsBot: true });
    const answer = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id });

    await h.bot.detach();

    expect(answer.content).toContain("⏹️ Stopped: the bot is shutting down.");
    expect(answer.content).not.toContain("⏳");
    expect(JSON.stringify(answer.components)).not.toContain("bdb:stop:");
    expect(h.client.listeners(Events.MessageCreate)).toEqual([otherListener]);
    expect(h.client.listenerCount(Events.InteractionCreate)).toEqual(0);
    const requests = h.bedrock.requests.length;
    const later = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: "anyone there?", mentionsBot: true });
    await h.discord.waitFor(() => seen.includes(later.content)); // the client got it; the plugin no longer listens
    expect(h.bedrock.requests).toHaveLength(requests);
    expect(h.discord.messages(h.ids.general).filter((m) => m.messageReference?.message_id === later.id)).toEqual([]);
  } finally {
    await h.stop();
  }
});
