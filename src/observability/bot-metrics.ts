/**
 * The standalone bot's Prometheus metrics (prom-client, one registry of its own), and the observer that feeds them
 * from the plugin (`BotObserver`) and from the discord.js client (REST responses, gateway reconnects). Label values
 * are model names from the config, exception names and states: bounded sets, never ids or user text.
 */
import { Events, RESTEvents, type Client } from "discord.js";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { BotObserver } from "../bot/bot-observer.ts";

export interface BotMetrics {
  registry: Registry;
  observer: BotObserver;
  /** Counts the client's REST requests (and 429s) and gateway reconnects; returns the undo. */
  watchClient(client: Client): () => void;
  /** When the last batch poll cycle ended (performance.now() ms), for readiness. */
  lastPollAt(): number | undefined;
}

/** Seconds: a streamed answer's first token within ~0.2-5 s, whole answers up to minutes. */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80, 160];

export function createBotMetrics(options: { now?: () => number } = {}): BotMetrics {
  const now = options.now ?? (() => performance.now());
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const turns = new Counter({ name: "bedrock_bot_chat_turns_total", help: "Chat turns answered, by model and outcome (ok | error).", labelNames: ["model", "outcome"], registers: [registry] });
  const errors = new Counter({ name: "bedrock_bot_chat_errors_total", help: "Chat turns that ended in an error, by model and kind (the exception name).", labelNames: ["model", "kind"], registers: [registry] });
  const firstToken = new Histogram({ name: "bedrock_bot_chat_time_to_first_token_seconds", help: "From the start of a chat turn to its first answer text.", labelNames: ["model"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const answerTime = new Histogram({ name: "bedrock_bot_chat_answer_seconds", help: "From the start of a chat turn to its final message.", labelNames: ["model"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const tokens = new Counter({ name: "bedrock_bot_tokens_total", help: "Tokens used, by model, kind (chat | batch) and direction (input | output).", labelNames: ["model", "kind", "direction"], registers: [registry] });
  const cost = new Counter({ name: "bedrock_bot_cost_usd_total", help: "Cost in USD at the configured prices, by model and kind (chat | batch).", labelNames: ["model", "kind"], registers: [registry] });
  const restRequests = new Counter({ name: "bedrock_bot_discord_rest_requests_total", help: "Discord REST responses, by method and status class (2xx, 4xx, 429, 5xx).", labelNames: ["method", "status"], registers: [registry] });
  const rateLimited = new Counter({ name: "bedrock_bot_discord_rest_429_total", help: "Discord REST responses with status 429.", registers: [registry] });
  const reconnects = new Counter({ name: "bedrock_bot_gateway_reconnects_total", help: "Gateway connections lost and being re-established, per shard.", labelNames: ["shard"], registers: [registry] });
  const batchJobs = new Gauge({ name: "bedrock_bot_batch_jobs", help: "Batch jobs by state, as the last poll cycle saw them.", labelNames: ["state"], registers: [registry] });
  const pollCycle = new Histogram({ name: "bedrock_bot_batch_poll_cycle_seconds", help: "Duration of a batch poll cycle, by outcome (ok | failed).", labelNames: ["outcome"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [registry] });
  const notices = new Counter({ name: "bedrock_bot_batch_notices_total", help: "Batch completion notice attempts, by outcome (posted | failed | already_posted | ...).", labelNames: ["outcome"], registers: [registry] });
  let lastPollAt: number | undefined;

  const observer: BotObserver = {
    chatTurn(turn) {
      turns.inc({ model: turn.model, outcome: turn.outcome });
      if (turn.outcome === "error") errors.inc({ model: turn.model, kind: turn.errorKind ?? "unknown" });
      if (turn.firstTokenSeconds !== undefined) firstToken.observe({ model: turn.model }, turn.firstTokenSeconds);
      answerTime.observe({ model: turn.model }, turn.totalSeconds);
    },
    usage(entry) {
      tokens.inc({ model: entry.model, kind: entry.kind, direction: "input" }, entry.inputTokens);
      tokens.inc({ model: entry.model, kind: entry.kind, direction: "output" }, entry.outputTokens);
      cost.inc({ model: entry.model, kind: entry.kind }, entry.costUsd);
    },
    pollCycle(cycle) {
      pollCycle.observe({ outcome: cycle.jobStates === undefined ? "failed" : "ok" }, cycle.seconds);
      if (cycle.jobStates === undefined) return;
      lastPollAt = now();
      batchJobs.reset();
      for (const state of cycle.jobStates) batchJobs.inc({ state });
    },
    notice(outcome) {
      notices.inc({ outcome });
    },
  };

  return {
    registry,
    observer,
    lastPollAt: () => lastPollAt,
    watchClient(client) {
      const onResponse = (request: { method: string }, response: { status: number }) => {
        restRequests.inc({ method: request.method.toUpperCase(), status: statusClass(response.status) });
        if (response.status === 429) rateLimited.inc();
      };
      const onReconnecting = (shardId: number) => reconnects.inc({ shard: String(shardId) });
      client.rest.on(RESTEvents.Response, onResponse);
      client.on(Events.ShardReconnecting, onReconnecting);
      return () => {
        client.rest.off(RESTEvents.Response, onResponse);
        client.off(Events.ShardReconnecting, onReconnecting);
      };
    },
  };
}

function statusClass(status: number): string {
  return status === 429 ? "429" : `${Math.floor(status / 100)}xx`;
}
