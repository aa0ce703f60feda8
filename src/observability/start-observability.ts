/**
 * `[observability] listen` for the standalone bot: metrics fed by the plugin's observer and the client, and the
 * endpoints serving them. Loaded (with prom-client) only when the setting is on.
 */
import { Status, type Client } from "discord.js";
import { pollPaceSeconds } from "../bedrock/batch/jobs/poll-interval.ts";
import type { BotObserver } from "../bot/bot-observer.ts";
import { createBotMetrics } from "./bot-metrics.ts";
import { assessReadiness } from "./readiness.ts";
import { serveObservability, type ObservabilityServer } from "./serve-observability.ts";

export interface Observability {
  observer: BotObserver;
  /** Starts counting `client`'s traffic and serving; `storeReachable` and `batch` as the plugin has them. */
  serve(input: { client: Client; storeReachable: () => Promise<boolean>; batchPollSeconds?: number }): Promise<ObservabilityServer>;
}

export function createObservability(listen: string): Observability {
  const metrics = createBotMetrics();
  return {
    observer: metrics.observer,
    async serve({ client, storeReachable, batchPollSeconds }) {
      const unwatch = metrics.watchClient(client);
      const startedAt = performance.now();
      // The poller slows down for long jobs (poll-interval.ts): allow its slowest pace before calling it stuck.
      const intervalMs = batchPollSeconds === undefined ? undefined : pollPaceSeconds("slow", batchPollSeconds) * 1000;
      const server = await serveObservability({
        listen,
        registry: metrics.registry,
        readiness: async () =>
          assessReadiness({
            shards: [...client.ws.shards.values()].map((shard) => ({ id: shard.id, ready: shard.status === Status.Ready })),
            storeReachable: await storeReachable(),
            ...(intervalMs === undefined ? {} : { batchPoll: { lastAt: metrics.lastPollAt(), intervalMs, now: performance.now(), startedAt } }),
          }),
      });
      return {
        url: server.url,
        close: async () => {
          unwatch();
          await server.close();
        },
      };
    },
  };
}
