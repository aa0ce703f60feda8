/**
 * From the shards asked for (`ShardSelection`) to the shards this process runs, out of the bot's total — asking
 * Discord for its recommended count (GET /gateway/bot, through the caller's REST client) only when it is needed:
 *
 * - redis: always concrete ids and count, as the leases name each shard and the fleet's count before connecting;
 * - sqlite: one process runs every shard, so only a selection covering them all is accepted; "auto" throughout is
 *   left to discord.js (which asks the same endpoint through the same client).
 */
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { StoreBackend } from "../store/open-keyv.ts";
import { allShards, checkShardsExist, type ShardSelection } from "./shard-selection.ts";

/** The shard ids this process runs (ascending) and the bot's total; "auto": discord.js finds both out itself. */
export type ShardPlan = { ids: readonly number[]; count: number } | "auto";

export async function planShards(selection: ShardSelection, backend: StoreBackend, recommendedShards: () => Promise<number>): Promise<ShardPlan> {
  const { shards, shardCount } = selection;
  if (backend === "sqlite" && shards === "auto" && shardCount === "auto") return "auto";
  const count = shardCount === "auto" ? await recommendedShards() : shardCount;
  if (shards === "auto") return { ids: allShards(count), count };
  if (shardCount === "auto") checkShardsExist(shards, count, `the shard count is "auto" and Discord recommends ${count} shard(s) for this bot`);
  if (backend === "sqlite" && shards.length < count) {
    throw new UserFacingError(
      `This process would run only shard(s) ${shards.join(",")} of the bot's ${count}, but a sqlite store serves a single process, so no other process could run the rest: leave --shards out (this process then runs them all), or set [storage] url to a redis:// store to split the shards across processes.`,
    );
  }
  return { ids: shards, count };
}
