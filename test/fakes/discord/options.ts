import { DEFAULT_RATE_LIMITS, type BucketName, type BucketRule, type RateLimitRules } from "./rate-limits.ts";
import { DEFAULT_GUILDS, type GuildSeed } from "./seed-world.ts";

/** Options of `startFakeDiscord`; every field has a default (see DEFAULT_OPTIONS). */
export interface FakeDiscordOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to listen on. */
  host?: string;
  /** The token the bot must present (REST `Authorization: Bot <token>`, gateway IDENTIFY/RESUME). */
  botToken?: string;
  /** Username of the bot user. */
  botName?: string;
  /** Guilds to create; replaces the default world ("Test Guild", see DEFAULT_GUILDS). */
  guilds?: GuildSeed[];
  /** HELLO heartbeat_interval; Discord's is ~41 s. discord.js sends its first heartbeat after a random part of it. */
  heartbeatIntervalMs?: number;
  /** Upload limit per file (Discord: 10 MiB for bots since 2025-01); reported as `attachment_size_limit` in interactions. */
  uploadLimitBytes?: number;
  /** The world's clock (epoch ms): message timestamps, snowflakes, the 1-hour edit cap, interaction and CDN-URL expiry. Rate limits use real time. */
  clock?: () => number;
  rateLimits?: { globalPerSecond?: number; buckets?: Partial<Record<BucketName, Partial<BucketRule>>> };
  /** Privileged intents enabled for the application; requesting a disabled one closes the gateway with 4014. */
  privilegedIntents?: { messageContent?: boolean; guildMembers?: boolean; guildPresences?: boolean };
  /** An interaction not answered within this time is gone (10062 Unknown interaction). Discord: 3 s. */
  interactionResponseTimeoutMs?: number;
  /** Interaction tokens (follow-ups, @original) expire after this. Discord: 15 min. */
  interactionTokenLifetimeMs?: number;
  /** Signed CDN URLs expire after this. Discord: 24 h. */
  attachmentUrlLifetimeMs?: number;
  /** Messages older than this can no longer be edited (30046). Discord: 1 h. */
  messageEditWindowMs?: number;
  /**
   * `shards` of GET /gateway/bot (what discord.js `shards: "auto"` spawns). Default: Discord's recommendation of
   * about one shard per 1000 guilds, `max(1, ceil(guilds / 1000))`.
   */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency`: IDENTIFY buckets (`shard_id % max_concurrency`). Discord: 1 for most bots. */
  maxConcurrency?: number;
  /** Each IDENTIFY bucket accepts one IDENTIFY per this window (real time); one more gets op 9. Discord: 5 s. */
  identifyWindowMs?: number;
  /** IDENTIFY closes with 4011 Sharding required when one shard would hold more guilds than this. Discord: 2500. */
  maxGuildsPerShard?: number;
}

/** Options whose default depends on other options, computed in `resolveOptions`. */
type DerivedOption = "recommendedShards";

/** Guilds per shard Discord recommends (GET /gateway/bot `shards`). */
const GUILDS_PER_RECOMMENDED_SHARD = 1000;

/** The one place the defaults live. */
export const DEFAULT_OPTIONS = {
  port: 0,
  host: "127.0.0.1",
  botToken: "fake-discord-bot-token",
  botName: "Test Bot",
  guilds: DEFAULT_GUILDS,
  heartbeatIntervalMs: 41_250,
  uploadLimitBytes: 10 * 1024 * 1024,
  clock: Date.now,
  rateLimits: {},
  privilegedIntents: {},
  interactionResponseTimeoutMs: 3_000,
  interactionTokenLifetimeMs: 15 * 60_000,
  attachmentUrlLifetimeMs: 24 * 60 * 60_000,
  messageEditWindowMs: 60 * 60_000,
  maxConcurrency: 1,
  identifyWindowMs: 5_000,
  maxGuildsPerShard: 2_500,
} satisfies Required<Omit<FakeDiscordOptions, DerivedOption>>;

/** Options with every default applied and the rate-limit table merged. */
export type ResolvedOptions = Required<FakeDiscordOptions> & { resolvedRateLimits: RateLimitRules };

/** Applies DEFAULT_OPTIONS and merges bucket overrides into DEFAULT_RATE_LIMITS. */
export function resolveOptions(options: FakeDiscordOptions = {}): ResolvedOptions {
  const defined = definedOnly(options);
  const merged: Required<FakeDiscordOptions> = {
    ...DEFAULT_OPTIONS,
    recommendedShards: Math.max(1, Math.ceil((defined.guilds ?? DEFAULT_OPTIONS.guilds).length / GUILDS_PER_RECOMMENDED_SHARD)),
    ...defined,
  };
  for (const name of ["recommendedShards", "maxConcurrency", "maxGuildsPerShard"] as const) {
    if (!Number.isInteger(merged[name]) || merged[name] < 1) throw new Error(`fake Discord option ${name}: expected an integer of at least 1, got ${merged[name]}`);
  }
  if (!(merged.identifyWindowMs >= 0)) throw new Error(`fake Discord option identifyWindowMs: expected a number of milliseconds (0 or more), got ${merged.identifyWindowMs}`);
  const buckets = { ...DEFAULT_RATE_LIMITS.buckets };
  for (const [name, rule] of Object.entries(merged.rateLimits.buckets ?? {}) as [BucketName, Partial<BucketRule>][]) {
    buckets[name] = { ...buckets[name], ...rule };
  }
  return {
    ...merged,
    resolvedRateLimits: { globalPerSecond: merged.rateLimits.globalPerSecond ?? DEFAULT_RATE_LIMITS.globalPerSecond, buckets },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
