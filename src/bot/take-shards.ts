/**
 * Before a `bedrock-bot start` process connects: settle which shards it runs (`planShards`), then claim its leases —
 * on redis one per shard plus the fleet's shard count, on sqlite the store itself — so it never IDENTIFYs a shard
 * another process holds. On redis its shards also IDENTIFY through the throttler shared by the whole fleet.
 *
 * GET /gateway/bot goes through the caller's REST client (the Client's own, pointed at DISCORD_API_URL when set),
 * asked at most once.
 */
import { Routes, type APIGatewayBotInfo, type IIdentifyThrottler, type REST } from "discord.js";
import type { Redis } from "ioredis";
import type { Logger } from "../create-logger.ts";
import { LEASES_NAMESPACE, openLeaseStore } from "../store/claim-lease.ts";
import { closeRedisConnection } from "../store/close-redis-connection.ts";
import { storeBackend } from "../store/open-keyv.ts";
import type { StoreLocation } from "../store/store-location.ts";
import { holdLeases } from "./hold-leases.ts";
import { processOwnerId, shardClaims, storeProcessClaim } from "./shard-claims.ts";
import { planShards, type ShardPlan } from "./shard-plan.ts";
import type { ShardSelection } from "./shard-selection.ts";

export interface TakeShardsOptions {
  selection: ShardSelection;
  store: StoreLocation;
  /** `[bot] lease_seconds`. */
  leaseSeconds: number;
  /** With the bot token set. */
  rest: Pick<REST, "get">;
  logger: Logger;
  /** A lease was lost while running (a sentence): the Discord connection must close at once. */
  onLost(reason: string): void;
}

export interface TakenShards {
  plan: ShardPlan;
  /** Who holds the leases (host, pid, tag). */
  owner: string;
  /** On redis: discord.js's `ws.buildIdentifyThrottler`, spacing IDENTIFYs across the fleet. */
  buildIdentifyThrottler?: (manager: { fetchGatewayInformation(): Promise<APIGatewayBotInfo> }) => Promise<IIdentifyThrottler>;
  /** Stops renewing, gives the leases up, closes their connections. Safe to call twice. */
  release(): Promise<void>;
}

export async function takeShards(options: TakeShardsOptions): Promise<TakenShards> {
  const { selection, store, leaseSeconds, rest, logger } = options;
  const backend = storeBackend(store.url);
  const prefix = store.prefix ?? "";
  let gateway: Promise<APIGatewayBotInfo> | undefined;
  const gatewayBot = () => (gateway ??= rest.get(Routes.gatewayBot()) as Promise<APIGatewayBotInfo>);
  const plan = await planShards(selection, backend, async () => (await gatewayBot()).shards);
  const owner = processOwnerId();
  const claims = plan === "auto" || backend === "sqlite" ? [storeProcessClaim(store.url, owner, leaseSeconds)] : shardClaims(plan.ids, plan.count, owner, leaseSeconds);
  const leases = openLeaseStore(store.url, { namespace: prefix + LEASES_NAMESPACE });
  let held;
  try {
    held = await holdLeases(claims, { leases, ttlMs: leaseSeconds * 1000, wait: selection.waitForShards, logger, onLost: (reason) => options.onLost(reason) });
  } catch (error) {
    await leases.close();
    throw error;
  }
  let redis: Redis | undefined;
  let released: Promise<void> | undefined;
  return {
    plan,
    owner,
    ...(backend === "redis"
      ? {
          buildIdentifyThrottler: async (manager) => {
            // Loaded only on redis: a process on sqlite never loads ioredis.
            const [{ sharedIdentifyThrottler }, { openRedisConnection }] = await Promise.all([import("./shared-identify-throttler.ts"), import("../store/open-redis-connection.ts")]);
            redis ??= openRedisConnection(store.url, { purpose: "identify" });
            const maxConcurrency = (await manager.fetchGatewayInformation()).session_start_limit.max_concurrency;
            return sharedIdentifyThrottler({ redis, keyPrefix: `${prefix}gateway:`, maxConcurrency, owner });
          },
        }
      : {}),
    release: () =>
      (released ??= (async () => {
        try {
          await held.release();
        } finally {
          await leases.close();
          if (redis !== undefined) await closeRedisConnection(redis);
        }
      })()),
  };
}
