/** `/usage` through the real discord.js client: the fake Bedrock's token counts, summed per model, by whose usage it is. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsd } from "../../../src/format/format-usd.ts";
import { runScriptedModel } from "../../fakes/bedrock/scripted-model.ts";
import { OTHER_MODEL, startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";
import { EPHEMERAL, mentionAndWait, registerCommands, runCommandAndWait } from "./command-kit.ts";

let h: BotHarness;
/** Per conversation: the tokens the fake Bedrock counted for its one model call. */
const counted: { inputTokens: number; outputTokens: number }[] = [];

beforeAll(async () => {
  // A fixed clock: "today" must not turn into tomorrow between the conversations and the command.
  const now = new Date("2025-03-01T12:00:00.000Z");
  h = await startBotHarness({ bot: { system_prompt: "Be brief." }, context: { now: () => now } });
  await registerCommands(h.discord);
  await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { name: OTHER_MODEL.name } });
  await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.alice, content: "What is the capital of France?" });
  await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "Name three primary colours, please." });
  for (const request of h.bedrock.requests) counted.push(runScriptedModel(request.modelId, request.body).usage);
});
afterAll(async () => {
  await h.stop();
});

/** A table line as `/usage` prints it: name, calls, tokens, cost (the fake's counts are under 1,000). */
function row(model: string, calls: number, usage: { inputTokens: number; outputTokens: number }, price: { priceIn: number; priceOut: number }): RegExp {
  const cost = formatUsd((usage.inputTokens * price.priceIn + usage.outputTokens * price.priceOut) / 1_000_000).replace("$", "\\$").replace(".", "\\.");
  return new RegExp(`^${model} +${calls} +${usage.inputTokens} +${usage.outputTokens} +${cost}$`, "m");
}

describe("/usage", () => {
  it("GIVEN two conversations WHEN each user looks at their own THEN privately, exactly the tokens the fake counted for them", async () => {
    expect(h.bedrock.requests.map((request) => request.modelId)).toEqual([TEST_MODEL.id, OTHER_MODEL.id]);
    const [alices, bobs] = counted as [(typeof counted)[0], (typeof counted)[0]];

    const alice = await runCommandAndWait(h.discord, { name: "usage", channelId: h.ids.general, userId: h.ids.alice });
    expect(alice.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(alice.content).toMatch(/^\*\*Your usage in this server, last 30 days\*\*\n```\nmodel +calls +input tokens +output tokens +cost\n/);
    expect(alice.content).toMatch(row("test-model", 1, alices, TEST_MODEL));
    expect(alice.content).not.toContain("other-model");

    const bob = await runCommandAndWait(h.discord, { name: "usage", channelId: h.ids.general, userId: h.ids.bob, options: { period: "today" } });
    expect(bob.content).toMatch(/^\*\*Your usage in this server, today \(UTC\)\*\*/);
    expect(bob.content).toMatch(row("other-model", 1, bobs, OTHER_MODEL));
    expect(bob.content).not.toContain("test-model");
  });

  it("GIVEN alice (admin) WHEN she asks for the server THEN both models and a total", async () => {
    const [alices, bobs] = counted as [(typeof counted)[0], (typeof counted)[0]];
    const server = await runCommandAndWait(h.discord, { name: "usage", channelId: h.ids.general, userId: h.ids.alice, options: { scope: "server", period: "all" } });
    expect(server.content).toMatch(/^\*\*This server's usage, all time\*\*/);
    expect(server.content).toMatch(row("test-model", 1, alices, TEST_MODEL));
    expect(server.content).toMatch(row("other-model", 1, bobs, OTHER_MODEL));
    const totalCost = formatUsd(
      (alices.inputTokens * TEST_MODEL.priceIn + alices.outputTokens * TEST_MODEL.priceOut + bobs.inputTokens * OTHER_MODEL.priceIn + bobs.outputTokens * OTHER_MODEL.priceOut) / 1_000_000,
    );
    expect(server.content).toMatch(new RegExp(`^total +2 +${alices.inputTokens + bobs.inputTokens} +${alices.outputTokens + bobs.outputTokens} +\\${totalCost}$`, "m"));
  });

  it("GIVEN bob (no Manage Server) WHEN he asks for the server THEN refused privately; in his DMs he sees his usage from everywhere", async () => {
    const refused = await runCommandAndWait(h.discord, { name: "usage", channelId: h.ids.general, userId: h.ids.bob, options: { scope: "server" } });
    expect(refused.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.content).toBe("❌ A server's usage is for bot admins and members with Manage Server; use scope: me for your own.");

    const dm = await runCommandAndWait(h.discord, { name: "usage", channelId: h.discord.dmChannel(h.ids.bob).id, userId: h.ids.bob });
    expect(dm.content).toMatch(/^\*\*Your usage, last 30 days\*\*/);
    expect(dm.content).toMatch(row("other-model", 1, counted[1]!, OTHER_MODEL));
  });
});
