/**
 * `[observability] listen` on the standalone bot against the fakes: /metrics before and after a chat turn, /healthz,
 * and /readyz going not-ready while the gateway is down and ready again after discord.js resumed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Events } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../../src/bot/start-bot.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../../fakes/discord/index.ts";
import { TEST_MODEL, harnessConfigToml } from "../bot-harness.ts";
import { sample, scrapeMetrics, scrapeUntil } from "./scrape-metrics.ts";

let dir: string;
let bedrock: FakeBedrock;
let discord: FakeDiscord;
let bot: RunningBot;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "observability-"));
  bedrock = await startFakeBedrock();
  discord = await startFakeDiscord();
  const config = parseConfig(`${harnessConfigToml(bedrock.url, discord.cdnHost)}\n[observability]\nlisten = "127.0.0.1:0"\n`, "observability.toml", {});
  config.data.storage.url = `sqlite://${join(dir, "bot.sqlite")}`;
  bot = await startBot({ config, env: { DISCORD_TOKEN: discord.botToken, DISCORD_API_URL: discord.restUrl }, logger: createLogger({ level: "silent" }) });
  url = bot.observabilityUrl ?? "";
});
afterAll(async () => {
  await bot.stop();
  await discord.close();
  discord.assertNoViolations();
  await bedrock.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("health, readiness and metrics endpoints", () => {
  it("GIVEN [observability] listen THEN /healthz answers ok and /metrics carries the Node defaults", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const metrics = await scrapeMetrics(url);
    expect(sample(metrics, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(metrics, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("GIVEN a chat turn WHEN /metrics is scraped before and after THEN turns, first-token and answer histograms, tokens, cost and REST requests moved", async () => {
    const before = await scrapeMetrics(url);
    bedrock.script("*", { text: "Pong", usage: { inputTokens: 40, outputTokens: 2 } });
    const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("alice"), content: "ping", mentionsBot: true });
    await discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.content.includes(" out · ") });
    // The turn is counted once the bot has seen Discord accept its final edit, a moment after the fake stored it.
    const after = await scrapeUntil(url, (samples) => sample(samples, "bedrock_bot_chat_turns_total") > sample(before, "bedrock_bot_chat_turns_total"));
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    const model = { model: TEST_MODEL.name };
    expect(moved("bedrock_bot_chat_turns_total", { ...model, outcome: "ok" })).toBe(1);
    expect(moved("bedrock_bot_chat_time_to_first_token_seconds_count", model)).toBe(1);
    expect(moved("bedrock_bot_chat_answer_seconds_count", model)).toBe(1);
    expect(moved("bedrock_bot_tokens_total", { ...model, kind: "chat", direction: "input" })).toBe(40);
    expect(moved("bedrock_bot_tokens_total", { ...model, kind: "chat", direction: "output" })).toBe(2);
    expect(moved("bedrock_bot_cost_usd_total", { ...model, kind: "chat" })).toBeCloseTo((40 * TEST_MODEL.priceIn + 2 * TEST_MODEL.priceOut) / 1e6, 12);
    expect(moved("bedrock_bot_discord_rest_requests_total", { method: "POST", status: "2xx" })).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN a failing model THEN the error is counted by kind", async () => {
    const before = await scrapeMetrics(url);
    bedrock.fail(3, { status: 403, type: "AccessDeniedException" });
    const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("alice"), content: "again", mentionsBot: true });
    await discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.components.length > 0 });
    const after = await scrapeUntil(url, (samples) => sample(samples, "bedrock_bot_chat_turns_total") > sample(before, "bedrock_bot_chat_turns_total"));
    const errors = { model: TEST_MODEL.name, kind: "AccessDeniedException" };
    expect(sample(after, "bedrock_bot_chat_errors_total", errors) - sample(before, "bedrock_bot_chat_errors_total", errors)).toBe(1);
    expect(sample(after, "bedrock_bot_chat_turns_total", { outcome: "error" }) - sample(before, "bedrock_bot_chat_turns_total", { outcome: "error" })).toBe(1);
  });

  it("GIVEN the gateway drops WHEN discord.js is reconnecting THEN /readyz is 503 with the reason; after the resume it is 200 and the reconnect is counted", async () => {
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reasons: [] });
    const release = discord.holdGatewayConnections();
    const reconnecting = once(bot.client, Events.ShardReconnecting);
    discord.dropGateway();
    await reconnecting;
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ready: false, reasons: ["gateway shard 0 is not READY (reconnecting)"] });
    const resumed = once(bot.client, Events.ShardResume);
    release();
    await resumed;
    const back = await fetch(`${url}/readyz`);
    expect(back.status).toBe(200);
    expect(sample(await scrapeMetrics(url), "bedrock_bot_gateway_reconnects_total", { shard: "0" })).toBe(1);
  });
});
