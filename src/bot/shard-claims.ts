/**
 * The leases a `bedrock-bot start` process claims before it connects, with the sentences a refusal prints:
 *
 * - redis: `shard-count` (shared: every process of the fleet holds it with the same count, so a process started with
 *   another count is refused instead of routing guilds twice), then `shard:<id>` for each of its shards;
 * - sqlite: `bot-process`, the store itself (one machine, one process; CLI commands beside it take no such lease).
 *
 * A lease's value names its holder: host, pid and a random tag (pids repeat across restarts and containers).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { LeaseClaimSpec } from "./hold-leases.ts";

export function processOwnerId(): string {
  return `${hostname()} pid ${process.pid} #${randomBytes(3).toString("hex")}`;
}

export function shardClaims(ids: readonly number[], count: number, owner: string, ttlSeconds: number): LeaseClaimSpec[] {
  const countClaim: LeaseClaimSpec = {
    key: "shard-count",
    value: String(count),
    shared: true,
    name: "the fleet's shard count",
    describeHeld: (holder) =>
      `The bot's other processes run with a shard count of ${holder ?? "another number"}, not ${count}: give every process the same --shard-count (to change it, stop them all; the old count is forgotten ${ttlSeconds} s after the last one stopped).`,
  };
  return [
    countClaim,
    ...ids.map(
      (id): LeaseClaimSpec => ({
        key: `shard:${id}`,
        value: owner,
        name: `shard ${id}`,
        describeHeld: (holder) =>
          `Shard ${id} is held by another process (${holder ?? "its holder just changed"}): start this one with other --shards, or stop that one (a process that died frees its shards within ${ttlSeconds} s; --wait-for-shards waits for that).`,
      }),
    ),
  ];
}

export function storeProcessClaim(storeUrl: string, owner: string, ttlSeconds: number): LeaseClaimSpec {
  return {
    key: "bot-process",
    value: owner,
    name: "the sqlite store",
    describeHeld: (holder) =>
      `Another bedrock-bot start (${holder ?? "its holder just changed"}) already runs on the sqlite store ${storeUrl}: a sqlite store serves one bot process on one machine, so stop that one, or set [storage] url to a redis:// store to run several processes (each with its own --shards); a process that died frees the store within ${ttlSeconds} s (--wait-for-shards waits for that).`,
  };
}
