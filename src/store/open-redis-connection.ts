/**
 * An ioredis connection to the `[storage] url` Redis, for the engines that bring their own Redis client (BullMQ,
 * rate-limiter-flexible, pub/sub) next to keyv's. One helper so every such connection is named (CLIENT LIST shows
 * which part of which process holds it) and follows the same rules.
 */
import { Redis } from "ioredis";

export interface RedisConnectionOptions {
  /** Shown by CLIENT LIST (`bdb:<purpose>`), so an operator can tell the bot's connections apart. */
  purpose: string;
  /**
   * BullMQ workers block on their connection and require commands to wait for a reconnect rather than fail after a
   * few retries (`maxRetriesPerRequest: null`). Default false: a command fails after ioredis's default retries.
   */
  blocking?: boolean;
}

export function openRedisConnection(url: string, options: RedisConnectionOptions): Redis {
  return new Redis(url, {
    connectionName: `bdb:${options.purpose}`,
    ...(options.blocking === true ? { maxRetriesPerRequest: null } : {}),
    // Connect on first use: building a plugin must not open sockets it may never need.
    lazyConnect: true,
  });
}
