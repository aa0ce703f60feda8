// Discord's sharding arithmetic, shared by the gateway (routing, IDENTIFY checks) and tests.

/** A shard as IDENTIFY names it: `[shard_id, num_shards]`. */
export type ShardPair = readonly [id: number, count: number];

/**
 * The shard that receives a guild's events: `(guild_id >> 22) % num_shards`, Discord's documented formula.
 * The shifted value is the guild's creation time, so guilds spread over shards by when they were made.
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * IDENTIFY's `shard` field as a pair, `[0, 1]` when absent (an unsharded bot), or null when Discord would close
 * with 4010 Invalid shard: not two integers, a count below 1, an id outside `0..count-1`.
 */
export function parseShard(value: unknown): ShardPair | null {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  const pair = [id as number, count as number] as const;
  return pair[1] >= 1 && pair[0] >= 0 && pair[0] < pair[1] ? pair : null;
}

/** The most guilds any one shard would hold if `guildIds` were spread over `shardCount` shards. */
export function largestShard(guildIds: Iterable<string>, shardCount: number): number {
  const counts = new Map<number, number>();
  let largest = 0;
  for (const id of guildIds) {
    const shard = shardOfGuild(id, shardCount);
    const count = (counts.get(shard) ?? 0) + 1;
    counts.set(shard, count);
    largest = Math.max(largest, count);
  }
  return largest;
}

/** How `fake.stats.gateway.identifiesByShard` names a shard: `"<id>/<count>"`. */
export function shardKey([id, count]: ShardPair): string {
  return `${id}/${count}`;
}

/**
 * Discord's IDENTIFY rate limit: shards fall into buckets `shard_id % max_concurrency`, and each bucket accepts one
 * IDENTIFY per window (5 s). Runs on real time like the REST rate limits, because discord.js waits in real time;
 * the world's clock may be a manual one that a test never moves or moves by hours.
 */
export class IdentifyLimiter {
  /** Real time (ms) each bucket accepts an IDENTIFY again. */
  private readonly openAt = new Map<number, number>();

  constructor(
    private readonly maxConcurrency: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether an IDENTIFY of `shardId` may start a session now; if so, its bucket is closed for the window. */
  tryIdentify(shardId: number): boolean {
    const bucket = shardId % this.maxConcurrency;
    const now = this.now();
    if (now < (this.openAt.get(bucket) ?? 0)) return false;
    this.openAt.set(bucket, now + this.windowMs);
    return true;
  }
}
