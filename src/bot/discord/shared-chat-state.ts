/**
 * The chat state several bot processes on one store must share, opened from the store's location: the per-user rate
 * limit (`createRateLimiter`, counted in the store's Redis) and the registry of running answers (`ChatRunRegistry`,
 * so a Stop reaches the process writing the answer). On a sqlite store (one process) both live in memory behind the
 * same interfaces; without a store location (a hand-built `BotContext`), this plugin's memory only, as before.
 */
import type { Redis } from "ioredis";
import type { Logger } from "../../create-logger.ts";
import { openChatRunRegistry, type ChatRunRegistry } from "../../store/chat-run-registry.ts";
import { storeBackend } from "../../store/open-keyv.ts";
import { openRedisConnection } from "../../store/open-redis-connection.ts";
import { reportConnectionErrors } from "../../store/report-connection-errors.ts";
import type { StoreLocation } from "../../store/store-location.ts";
import { createRateLimiter, type RateLimiter } from "../guard/rate-limiter.ts";

/** The rate limit's keys: `<[storage] prefix>rate-limit:<user id>`. */
const RATE_LIMIT_NAMESPACE = "rate-limit";

export interface SharedChatState {
  rateLimiter: RateLimiter;
  /** Absent without a store location. */
  registry?: ChatRunRegistry;
  /** Closes the connections; the registry's keys of runs still recorded expire. Safe to call twice. */
  close(): Promise<void>;
}

export function openSharedChatState(store: StoreLocation | undefined, { perMinute, logger }: { perMinute: number; logger: Logger }): SharedChatState {
  const onError = (error: unknown, what: string) => logger.warn({ err: error }, `${what} failed`);
  const registry = store === undefined ? undefined : openChatRunRegistry(store, { onError });
  const connection = store !== undefined && perMinute > 0 && storeBackend(store.url) === "redis" ? rateLimitConnection(store.url, logger) : undefined;
  const rateLimiter = createRateLimiter({
    perMinute,
    ...(connection === undefined ? {} : { redis: { connection, keyPrefix: `${store?.prefix ?? ""}${RATE_LIMIT_NAMESPACE}` } }),
    onStoreError: (error) => logger.warn({ err: error }, "the shared rate limit could not be read; counting requests in this process until redis answers"),
  });
  let closing: Promise<void> | undefined;
  return {
    rateLimiter,
    ...(registry === undefined ? {} : { registry }),
    close: () =>
      (closing ??= (async () => {
        await Promise.all([registry?.close(), connection?.quit().catch(() => connection.disconnect())]);
      })()),
  };
}

function rateLimitConnection(url: string, logger: Logger): Redis {
  const connection = openRedisConnection(url, { purpose: "rate-limit" });
  reportConnectionErrors(connection, (error) => logger.warn({ err: error }, "the rate limit's redis connection failed"));
  // Connected now: the limiter counts in memory while the connection is not ready rather than wait for it.
  connection.connect().catch(() => {});
  return connection;
}
