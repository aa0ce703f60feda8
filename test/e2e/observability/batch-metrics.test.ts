/**
 * `/metrics` before and after a `/batch` job, end to end against the fakes (Discord, Bedrock batch plane, s3rver):
 * the poll cycles, the job's state, the completion notice, the job's tokens and cost at the batch price, and the
 * Discord REST traffic all move. The bot runs the batch e2e kit's way (watcher cycles driven by the test).
 */
import { afterAll, describe, expect, it } from "vitest";
import { createBotMetrics, type BotMetrics } from "../../../src/observability/bot-metrics.ts";
import { serveObservability, type ObservabilityServer } from "../../../src/observability/serve-observability.ts";
import type { BatchBot, BatchBotKit } from "../batch/batch-bot-kit.ts";
import { noticesFor, submitQuestions } from "../batch/batch-e2e-steps.ts";
import { useBatchKit } from "../batch/use-batch-bot-kit.ts";
import { sample, scrapeMetrics } from "./scrape-metrics.ts";

let kit: BatchBotKit;
let bot: BatchBot;
let metrics: BotMetrics;
let server: ObservabilityServer;
afterAll(async () => server?.close());
useBatchKit({ batch: "confirm = false" }, async (started) => {
  kit = started;
  metrics = createBotMetrics();
  bot = await kit.startBot({ observer: metrics.observer });
  metrics.watchClient(bot.client);
  server = await serveObservability({ listen: "127.0.0.1:0", registry: metrics.registry, readiness: () => Promise.resolve({ ready: true, reasons: [] }) });
});

describe("/metrics around a batch job", () => {
  it("GIVEN a submitted job WHEN it completes and the watcher posts its notice THEN jobs by state, poll cycles, notices, batch tokens and cost moved", async () => {
    const before = await scrapeMetrics(server.url);
    const { status } = await submitQuestions(kit, { model: "nova-lite" });
    await bot.poll();
    const submitted = await scrapeMetrics(server.url);
    expect(sample(submitted, "bedrock_bot_batch_jobs", { state: "Completed" })).toBe(0);
    expect(sample(submitted, "bedrock_bot_batch_jobs")).toBe(1);

    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(1);
    const after = await scrapeMetrics(server.url);
    const job = kit.bedrock.batch.jobs().at(-1);
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(sample(after, "bedrock_bot_batch_jobs", { state: "Completed" })).toBe(1);
    expect(moved("bedrock_bot_batch_poll_cycle_seconds_count", { outcome: "ok" })).toBeGreaterThanOrEqual(2);
    expect(moved("bedrock_bot_batch_notices_total", { outcome: "posted" })).toBe(1);
    expect(moved("bedrock_bot_tokens_total", { model: "nova-lite", kind: "batch", direction: "input" })).toBe(job?.inputTokenCount);
    expect(moved("bedrock_bot_tokens_total", { model: "nova-lite", kind: "batch", direction: "output" })).toBe(job?.outputTokenCount);
    expect(moved("bedrock_bot_cost_usd_total", { model: "nova-lite", kind: "batch" })).toBeGreaterThan(0);
    expect(moved("bedrock_bot_discord_rest_requests_total", { method: "POST", status: "2xx" })).toBeGreaterThanOrEqual(1);
  });
});
