/** `start`'s shard options: flags over SHARDS / SHARD_COUNT over `[bot]`, checked; and the plan each store allows. */
import { describe, expect, it } from "vitest";
import { planShards } from "../../src/bot/shard-plan.ts";
import { resolveShardSelection, type ShardFlags } from "../../src/bot/shard-selection.ts";
import { DEFAULTS } from "../../src/config/schema.ts";

type ShardConfig = Parameters<typeof resolveShardSelection>[0]["config"];
const CONFIG: ShardConfig = { shards: DEFAULTS.bot.shards, shard_count: DEFAULTS.bot.shard_count, wait_for_shards: DEFAULTS.bot.wait_for_shards };

const resolve = (flags: ShardFlags, env: Record<string, string> = {}, config: Partial<ShardConfig> = {}) => resolveShardSelection({ flags, env, config: { ...CONFIG, ...config } });

describe("resolveShardSelection", () => {
  it("GIVEN nothing set THEN all shards, as many as Discord recommends, no waiting", () => {
    expect(resolve({})).toEqual({ shards: "auto", shardCount: "auto", waitForShards: false });
  });

  it("GIVEN flags, env and config THEN flags win over env, env over config", () => {
    expect(resolve({ shards: "1", shardCount: "4" }, { SHARDS: "2", SHARD_COUNT: "8" }, { shards: [3], shard_count: 16 })).toEqual({ shards: [1], shardCount: 4, waitForShards: false });
    expect(resolve({}, { SHARDS: "2", SHARD_COUNT: "8" }, { shards: [3], shard_count: 16 })).toEqual({ shards: [2], shardCount: 8, waitForShards: false });
    expect(resolve({}, {}, { shards: [3], shard_count: 16 })).toEqual({ shards: [3], shardCount: 16, waitForShards: false });
    expect(resolve({ shardCount: "auto" }, { SHARD_COUNT: "8" })).toMatchObject({ shardCount: "auto" });
    expect(resolve({}, { SHARDS: " ", SHARD_COUNT: "" }, { shard_count: 2 })).toMatchObject({ shards: "auto", shardCount: 2 });
  });

  it("GIVEN lists, ranges and discord.js's JSON form THEN ascending ids", () => {
    expect(resolve({ shards: "3, 0,1", shardCount: "4" }).shards).toEqual([0, 1, 3]);
    expect(resolve({ shards: "0-2,5", shardCount: "6" }).shards).toEqual([0, 1, 2, 5]);
    expect(resolve({}, { SHARDS: "[0,1]" }).shards).toEqual([0, 1]);
  });

  it("GIVEN --wait-for-shards or [bot] wait_for_shards THEN it waits", () => {
    expect(resolve({ waitForShards: true }).waitForShards).toBe(true);
    expect(resolve({}, {}, { wait_for_shards: true }).waitForShards).toBe(true);
  });

  it.each([
    [{ shards: "1,1", shardCount: "4" }, {}, /^Shard 1 is listed twice in --shards \(1,1\): list each shard once\.$/],
    [{ shards: "0,4", shardCount: "4" }, {}, /^Shard 4 does not exist: --shard-count is 4, so the shards are numbered 0 to 3\. Pick shards below 4/],
    [{}, { SHARDS: "2", SHARD_COUNT: "2" }, /^Shard 2 does not exist: SHARD_COUNT is 2/],
    [{ shards: "-1" }, {}, /^--shards "-1" is not a list of shards: give shard ids \(whole numbers from 0\) separated by commas, such as 0,1 or 0-3, or "auto"/],
    [{ shards: "a,b" }, {}, /--shards "a,b" is not a list of shards/],
    [{ shards: "3-1" }, {}, /--shards "3-1" is not a list of shards/],
    [{}, { SHARDS: "0;1" }, /^SHARDS "0;1" is not a list of shards/],
    [{ shardCount: "0" }, {}, /^--shard-count "0" is not a shard count: give a whole number of at least 1, or "auto"/],
    [{}, { SHARD_COUNT: "two" }, /^SHARD_COUNT "two" is not a shard count/],
  ] as const)("GIVEN %j and env %j THEN refused with a sentence", (flags, env, message) => {
    expect(() => resolve(flags, env)).toThrow(message);
  });

  it("GIVEN [bot] shards beyond [bot] shard_count THEN the sentence names the config keys", () => {
    expect(() => resolve({}, {}, { shards: [0, 2], shard_count: 2 })).toThrow(/^Shard 2 does not exist: \[bot\] shard_count is 2/);
  });
});

describe("planShards", () => {
  const recommends = (count: number) => {
    const asked: number[] = [];
    return { asked, ask: () => (asked.push(count), Promise.resolve(count)) };
  };

  it("GIVEN sqlite and auto throughout THEN discord.js decides, and Discord is not asked here", async () => {
    const discord = recommends(3);
    expect(await planShards({ shards: "auto", shardCount: "auto", waitForShards: false }, "sqlite", discord.ask)).toBe("auto");
    expect(discord.asked).toEqual([]);
  });

  it("GIVEN redis THEN always concrete: the recommended count asked for only when needed", async () => {
    const discord = recommends(3);
    expect(await planShards({ shards: "auto", shardCount: "auto", waitForShards: false }, "redis", discord.ask)).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(await planShards({ shards: [1], shardCount: "auto", waitForShards: false }, "redis", discord.ask)).toEqual({ ids: [1], count: 3 });
    expect(discord.asked).toHaveLength(2);
    expect(await planShards({ shards: [1], shardCount: 2, waitForShards: false }, "redis", discord.ask)).toEqual({ ids: [1], count: 2 });
    expect(await planShards({ shards: "auto", shardCount: 2, waitForShards: false }, "sqlite", discord.ask)).toEqual({ ids: [0, 1], count: 2 });
    expect(discord.asked).toHaveLength(2);
  });

  it("GIVEN a shard beyond the recommended count THEN a sentence saying where the count came from", async () => {
    await expect(planShards({ shards: [3], shardCount: "auto", waitForShards: false }, "redis", recommends(2).ask)).rejects.toThrow(
      /^Shard 3 does not exist: the shard count is "auto" and Discord recommends 2 shard\(s\) for this bot, so the shards are numbered 0 to 1/,
    );
  });

  it("GIVEN sqlite and a slice THEN refused: nobody else could run the other shards", async () => {
    await expect(planShards({ shards: [0], shardCount: 2, waitForShards: false }, "sqlite", recommends(2).ask)).rejects.toThrow(
      /^This process would run only shard\(s\) 0 of the bot's 2, but a sqlite store serves a single process, so no other process could run the rest: leave --shards out .*redis:\/\//,
    );
    await expect(planShards({ shards: [1], shardCount: "auto", waitForShards: false }, "sqlite", recommends(2).ask)).rejects.toThrow(/only shard\(s\) 1 of the bot's 2/);
    expect(await planShards({ shards: [0, 1], shardCount: "auto", waitForShards: false }, "sqlite", recommends(2).ask)).toEqual({ ids: [0, 1], count: 2 });
  });
});
