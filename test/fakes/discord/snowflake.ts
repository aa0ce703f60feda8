/** Discord's epoch (2015-01-01T00:00:00Z): snowflake timestamps count milliseconds from here. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The first snowflake of a millisecond (epoch ms): an id made at that time. */
export function snowflakeAt(ms: number): string {
  return ((BigInt(Math.floor(ms)) - DISCORD_EPOCH_MS) << 22n).toString();
}

/** Makes a new snowflake on every call. */
export type SnowflakeGenerator = () => string;

/**
 * Snowflakes whose timestamp comes from `now()`, strictly increasing even when the clock stands still
 * or is moved back by a test. discord.js only derives rate-limit route keys from ids of 17-19 digits,
 * which real-time snowflakes are.
 */
export function createSnowflakeGenerator(now: () => number): SnowflakeGenerator {
  let last = 0n;
  return () => {
    const candidate = (BigInt(Math.floor(now())) - DISCORD_EPOCH_MS) << 22n;
    last = candidate > last ? candidate : last + 1n;
    return last.toString();
  };
}
