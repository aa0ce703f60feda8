/**
 * Prompt caching and service tiers end to end: real discord.js against the fake Discord, the real runtime client
 * against the fake Bedrock (which keeps a real prefix cache and refuses or echoes tiers).
 */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { answerFinished } from "../answer-predicates.ts";
import { useBotHarness, type BotHarness } from "../bot-harness.ts";
import { runCommandAndWait } from "../commands/command-kit.ts";

const CLAUDE_ID = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
const GPT_OSS_ID = "openai.gpt-oss-120b-1:0";
/** ~3,000 fake tokens: over Claude 3.7's 1,024-token minimum per checkpoint. */
const LONG_SYSTEM_PROMPT = `You answer questions about the house rules. ${"Rule: be kind, be brief, cite the rule book. ".repeat(270)}`;

let h: BotHarness;
useBotHarness((started) => (h = started), {
  bot: { system_prompt: LONG_SYSTEM_PROMPT },
  models: [
    { name: "claude-cached", model_identifier: CLAUDE_ID, price_in: 3, price_out: 15 },
    { name: "claude-uncached", model_identifier: CLAUDE_ID, price_in: 3, price_out: 15, prompt_cache: false },
    { name: "gpt-flex", model_identifier: GPT_OSS_ID, price_in: 0.15, price_out: 0.6, price_in_flex: 0.075, price_out_flex: 0.3, service_tier: "flex" },
  ],
});

async function ask(input: { channelId: string; content: string; replyTo?: string }): Promise<StoredMessage> {
  const question = h.discord.userSays({ authorId: h.ids.alice, ...(input.replyTo === undefined ? { mentionsBot: true } : {}), ...input });
  return h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
}

/** Three turns by replying, in one channel; the answers. */
async function threeTurns(channelId: string): Promise<StoredMessage[]> {
  const first = await ask({ channelId, content: "May I bring a dog?" });
  const second = await ask({ channelId, content: "And a cat?", replyTo: first.id });
  const third = await ask({ channelId, content: "And both?", replyTo: second.id });
  return [first, second, third];
}

describe("prompt caching", () => {
  it("GIVEN a long system prompt WHEN a 3-turn conversation runs with caching on THEN turns 2 and 3 read the cache and it costs less than with caching off", async () => {
    await h.context.settings.updateChannel(h.ids.general, { model: "claude-cached" });
    await h.context.settings.updateChannel(h.ids.random, { model: "claude-uncached" });

    const cachedAnswers = await threeTurns(h.ids.general);
    const cached = h.usage.records.splice(0);
    await threeTurns(h.ids.random);
    const uncached = h.usage.records.splice(0);

    // Turn 1 writes the system prompt's prefix; turns 2 and 3 read it.
    expect(cached.map((record) => record.cacheReadInputTokens ?? 0)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(cached[0]?.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(cached[1]?.cacheReadInputTokens).toBeGreaterThanOrEqual(cached[0]?.cacheWriteInputTokens ?? Infinity);
    expect(cached[2]?.cacheReadInputTokens).toBeGreaterThanOrEqual(cached[1]?.cacheReadInputTokens ?? Infinity);
    expect(uncached.every((record) => record.cacheReadInputTokens === undefined)).toBe(true);
    // Same tokens in and out; cache reads at 0.1x make the difference.
    expect(cached.map((record) => record.inputTokens)).toEqual(uncached.map((record) => record.inputTokens));
    const total = (records: typeof cached) => records.reduce((sum, record) => sum + record.costUsd, 0);
    expect(total(cached)).toBeLessThan(total(uncached) * 0.6);
    // The answer shows it.
    expect(cachedAnswers[1]?.content).toMatch(/-# claude-cached · [\d,]+ in · [\d,]+ out · cache [\d,]+ read, saved \$[\d.]+ · \$[\d.]+$/);
    // What was sent: a checkpoint after the system prompt, none on a model with prompt_cache = false.
    const systems = h.bedrock.requests.map((request) => (request.body as { system: unknown[] }).system);
    expect(systems.slice(0, 3).every((system) => JSON.stringify(system.at(-1)) === '{"cachePoint":{"type":"default"}}')).toBe(true);
    expect(systems.slice(3).every((system) => system.length === 1)).toBe(true);
  });
});

describe("service tiers", () => {
  it("GIVEN a model with service_tier = flex WHEN it answers THEN flex is sent, echoed into the footer and usage, and priced at the flex prices", async () => {
    await h.context.settings.updateChannel(h.ids.general, { model: "gpt-flex" });

    const answer = await ask({ channelId: h.ids.general, content: "hello" });

    expect(h.bedrock.requests.at(-1)?.body.serviceTier).toEqual({ type: "flex" });
    const [record] = h.usage.records;
    expect(record).toMatchObject({ model: "gpt-flex", serviceTier: "flex" });
    expect(record?.costKnown).toBeUndefined();
    expect(record?.costUsd).toBeCloseTo((record!.inputTokens * 0.075 + record!.outputTokens * 0.3) / 1e6, 12);
    expect(answer.content).toMatch(/ out · flex · (\$|<\$)[\d.]+$/);
  });

  it("GIVEN /model tier:priority for the channel WHEN the flex model answers THEN priority is sent, and its cost is marked unknown, never $0", async () => {
    await h.context.settings.updateChannel(h.ids.random, { model: "gpt-flex" });
    const set = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { tier: "priority" } });
    expect(set.content).toContain("Service tier **priority** for");
    expect(set.content).toContain("Service tier: **priority** (set with /model tier).");

    const answer = await ask({ channelId: h.ids.random, content: "hello" });

    expect(h.bedrock.requests.at(-1)?.body.serviceTier).toEqual({ type: "priority" });
    expect(h.usage.records.at(-1)).toMatchObject({ serviceTier: "priority", costKnown: false });
    expect(h.usage.records.at(-1)?.costUsd).toBeGreaterThan(0);
    expect(answer.content).toMatch(/ out · priority · cost unknown \(≈(\$|<\$)[\d.]+ at standard prices\)$/);

    const back = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { tier: "model" } });
    expect(back.content).toContain("Service tier: **flex** (the model's service_tier).");
  });

  it("GIVEN /model tier:flex on a model that does not serve flex WHEN asked THEN Bedrock's refusal is the answer's failure line", async () => {
    await h.context.settings.updateChannel(h.ids.general, { model: "claude-cached", serviceTier: "flex" });

    const answer = await ask({ channelId: h.ids.general, content: "hello" });

    expect(answer.content).toContain("❌");
    expect(answer.content).toContain("does not support the flex service tier");
  });
});
