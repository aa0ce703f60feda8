/**
 * Which gateway shards this process runs, out of how many: `--shards` / `--shard-count` (and `--wait-for-shards`)
 * over SHARDS / SHARD_COUNT over `[bot] shards` / `shard_count` / `wait_for_shards`. Pure: parsing and the checks
 * that need no Discord (ids unique, below the count); the count Discord recommends is checked against later
 * (`checkShardsExist`), once asked for.
 */
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { BotConfig } from "../config/schema.ts";

/** "auto": every shard of the bot; otherwise these ids, ascending. */
type ShardIds = "auto" | readonly number[];
/** "auto": as many as Discord recommends (GET /gateway/bot). */
type ShardCount = "auto" | number;

export interface ShardSelection {
  shards: ShardIds;
  shardCount: ShardCount;
  /** Wait for shards another process holds instead of refusing to start. */
  waitForShards: boolean;
}

/** What `bedrock-bot start` was given on its command line, unparsed. */
export interface ShardFlags {
  shards?: string;
  shardCount?: string;
  waitForShards?: boolean;
}

export interface ShardSelectionInputs {
  flags?: ShardFlags;
  /** SHARDS, SHARD_COUNT. */
  env: Record<string, string | undefined>;
  config: Pick<BotConfig, "shards" | "shard_count" | "wait_for_shards">;
}

export function resolveShardSelection({ flags = {}, env, config }: ShardSelectionInputs): ShardSelection {
  const shards = pick(flags.shards, "--shards", env.SHARDS, "SHARDS", parseShardIds) ?? { value: config.shards, source: "[bot] shards" };
  const count = pick(flags.shardCount, "--shard-count", env.SHARD_COUNT, "SHARD_COUNT", parseShardCount) ?? {
    value: config.shard_count,
    source: "[bot] shard_count",
  };
  const ids = shards.value === "auto" ? "auto" : checkUnique(shards.value, shards.source);
  if (ids !== "auto" && count.value !== "auto") checkShardsExist(ids, count.value, `${count.source} is ${count.value}`);
  return { shards: ids, shardCount: count.value, waitForShards: flags.waitForShards === true || config.wait_for_shards };
}

/** Every shard id is below `count`; `why` says where the count came from ("--shard-count is 2"). */
export function checkShardsExist(ids: readonly number[], count: number, why: string): void {
  const missing = ids.find((id) => id >= count);
  if (missing === undefined) return;
  throw new UserFacingError(
    `Shard ${missing} does not exist: ${why}, so the shards are numbered 0 to ${count - 1}. Pick shards below ${count}, or give the bot's shard count (the same in every process) with --shard-count.`,
  );
}

/** All shard ids of a bot with `count` shards. */
export function allShards(count: number): number[] {
  return Array.from({ length: count }, (_, id) => id);
}

function pick<T>(
  flag: string | undefined,
  flagName: string,
  fromEnv: string | undefined,
  envName: string,
  parse: (text: string, source: string) => T,
): { value: T; source: string } | undefined {
  if (flag !== undefined) return { value: parse(flag, flagName), source: flagName };
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: parse(fromEnv, envName), source: envName };
  return undefined;
}

const WHOLE = /^\d+$/;

/** "auto", "0,1", "0-3", "[0, 1]" (discord.js's own SHARDS format) or a mix such as "0,2-3". */
function parseShardIds(text: string, source: string): "auto" | number[] {
  const trimmed = text.trim();
  if (trimmed === "auto") return "auto";
  const parts = trimmed.replace(/^\[(.*)\]$/, "$1").split(",").map((part) => part.trim());
  const ids: number[] = [];
  for (const part of parts) {
    const [from, to, ...rest] = part.split("-").map((end) => end.trim());
    if (from === undefined || !WHOLE.test(from) || (to !== undefined && !WHOLE.test(to)) || rest.length > 0 || (to !== undefined && Number(to) < Number(from))) {
      throw new UserFacingError(
        `${source} "${text}" is not a list of shards: give shard ids (whole numbers from 0) separated by commas, such as 0,1 or 0-3, or "auto" for all of them.`,
      );
    }
    for (let id = Number(from); id <= Number(to ?? from); id++) ids.push(id);
  }
  return ids;
}

function parseShardCount(text: string, source: string): ShardCount {
  const trimmed = text.trim();
  if (trimmed === "auto") return "auto";
  if (!WHOLE.test(trimmed) || Number(trimmed) < 1) {
    throw new UserFacingError(`${source} "${text}" is not a shard count: give a whole number of at least 1, or "auto" for as many as Discord recommends.`);
  }
  return Number(trimmed);
}

function checkUnique(ids: readonly number[], source: string): number[] {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new UserFacingError(`Shard ${id} is listed twice in ${source} (${ids.join(",")}): list each shard once.`);
    seen.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
