/**
 * A fleet rig with `/batch`: s3rver, the fake Bedrock (control plane too) and a sharded fake Discord in the test
 * process; `bedrock-bot start --shards …` children (`startFleetBot`) on one Redis under a prefix of the rig's own,
 * polling every `pollSeconds`. The test process opens the same store (`runtime`) to read what the fleet did, and
 * the rig is a `BatchStepsKit`, so the `/batch` steps of the other e2e tests drive it.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BedrockClientPool } from "../../../src/bedrock/index.ts";
import { openBatchRuntime } from "../../../src/bot/batch/batch-runtime.ts";
import type { BatchRuntime } from "../../../src/bot/batch/batch-runtime-types.ts";
import { parseConfig, type LoadedConfig } from "../../../src/config/index.ts";
import { batchConfigText, BUCKET } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { numberedGuilds, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../../fakes/discord/index.ts";
import { startS3rver } from "../../fakes/s3/start-s3rver.ts";
import type { BatchStepsKit } from "../batch/batch-e2e-steps.ts";
import { childBotEnv } from "../child-bot-env.ts";
import { deleteRedisKeys, REDIS_URL } from "../redis-keys.ts";
import { BIN, startFleetBot, type FleetBot, type FleetBotCommand } from "./start-fleet-bot.ts";

export interface BatchFleetOptions {
  guilds: number;
  shardCount: number;
  /** `[batch] poll_interval_seconds` of every process (5 at least). */
  pollSeconds: number;
  /** Jobs the fake lets run at once per model, and `[batch] max_concurrent_jobs`. */
  jobSlots?: number;
  /** `[bot]` keys besides the rig's. */
  bot?: Record<string, unknown>;
  discord?: FakeDiscordOptions;
}

export interface BatchFleetRig extends BatchStepsKit {
  s3rver: Awaited<ReturnType<typeof startS3rver>>;
  /** The fleet's store, opened by the test process too. */
  runtime: BatchRuntime;
  store: { url: string; prefix: string };
  startBot(command?: Omit<FleetBotCommand, "configPath" | "env" | "cwd">): FleetBot;
  close(): Promise<void>;
}

export async function startBatchFleet(options: BatchFleetOptions): Promise<BatchFleetRig> {
  const slots = options.jobSlots ?? 20;
  const s3rver = await startS3rver({ buckets: [BUCKET] });
  const bedrock: FakeBedrock = await startFakeBedrock({ s3: { endpoint: s3rver.endpoint }, batch: { maxActiveJobsPerModel: slots } });
  const discord: FakeDiscord = await startFakeDiscord({
    guilds: numberedGuilds(options.guilds),
    recommendedShards: options.shardCount,
    maxConcurrency: options.shardCount,
    ...options.discord,
  });
  const dir = await mkdtemp(join(tmpdir(), "batch-fleet-"));
  const store = { url: REDIS_URL, prefix: `batch-fleet-${randomUUID()}:` };
  const bot = { cdn_hosts: [discord.cdnHost], rate_limit_per_minute: 0, ...options.bot };
  const toml = `${batchConfigText(bedrock.url, s3rver.endpoint, store.url, `confirm = true\npoll_interval_seconds = ${options.pollSeconds}\nmax_concurrent_jobs = ${slots}`)}prefix = "${store.prefix}"

[bot]
${Object.entries(bot)
  .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
  .join("\n")}
`;
  const configPath = join(dir, "batch-fleet.toml");
  await writeFile(configPath, toml);
  const config: LoadedConfig = parseConfig(toml, configPath, {});
  const env = childBotEnv(discord, dir, { configPath, logLevel: "info" });
  await promisify(execFile)(process.execPath, [BIN, "commands", "deploy"], { env, cwd: dir });
  const clients = new BedrockClientPool(config.providers);
  const runtime = openBatchRuntime(config, clients, { store, workDir: join(dir, "test-work") });
  const bots: FleetBot[] = [];
  const firstGuild = [...discord.world.guilds.values()][0]!;
  const general = discord.channelId("general", firstGuild.name);
  return {
    discord,
    bedrock,
    s3rver,
    config,
    ids: { guild: firstGuild.id, general, random: general, alice: discord.userId("alice"), bob: discord.userId("bob"), bot: discord.botUser.id },
    runtime,
    store,
    startBot(command = {}) {
      const started = startFleetBot({ ...command, configPath, env, cwd: dir });
      bots.push(started);
      return started;
    },
    async close() {
      await Promise.all(bots.map((each) => each.process.stop(5_000)));
      await runtime.close();
      clients.destroy();
      await discord.close();
      await bedrock.close();
      await s3rver.close();
      await deleteRedisKeys(`${store.prefix}*`, store.url);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
