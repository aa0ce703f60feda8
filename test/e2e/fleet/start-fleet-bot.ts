/**
 * Bots of a fleet as users run them: `bedrock-bot start --shards … --shard-count …` (the built CLI, `npm run build`
 * first) as child processes against the fakes in the test process, on a real store — Redis under a prefix of the
 * test's own (deleted on close), or a sqlite file.
 *
 * - `startFleetRig(options)`: fake Discord (sharded as asked) and fake Bedrock, a config file in a temp folder, the
 *   child environment; `rig.startBot({ shards, shardCount, waitForShards })` starts one process; `rig.close()` stops
 *   every process it started and removes what the test left (Redis keys under the prefix, the folder);
 *   `rig.runCli(["batch", "status"])` runs another command on the same config.
 * - `FleetBot.connected()`: the shards the process holds, read from its "connected to Discord" log line.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../../fakes/discord/index.ts";
import { harnessConfigToml } from "../bot-harness.ts";
import { childBotEnv } from "../child-bot-env.ts";
import { deleteRedisKeys, REDIS_URL } from "../redis-keys.ts";
import { startWatchedProcess, type WatchedProcess } from "../watched-process.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
export const BIN = join(ROOT, "dist/cli.js");
/** A hang guard on a busy machine, not a timing. */
const CONNECT_TIMEOUT_MS = 90_000;

export interface FleetBotCommand {
  configPath: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `--shards` (e.g. "0", "0,1", "0-3"); unset: the config's, all by default. */
  shards?: string;
  /** `--shard-count`; unset: the config's, as Discord recommends by default. */
  shardCount?: string | number;
  waitForShards?: boolean;
  /** More arguments after `start`. */
  args?: readonly string[];
}

export interface FleetBot {
  process: WatchedProcess;
  /** The pid of `node dist/cli.js start` (from its first log line), for `kill -9`. */
  pid(): Promise<number>;
  /** Resolves once it logged "connected to Discord", with the shards it said it holds; rejects if it ended first. */
  connected(): Promise<{ shards: number[]; shardCount: number }>;
  /** SIGKILL, no goodbye: its leases stay until they lapse. Resolves once it has ended. */
  kill9(): Promise<void>;
}

export function startFleetBot(command: FleetBotCommand): FleetBot {
  const args = [
    BIN,
    "start",
    ...(command.shards === undefined ? [] : ["--shards", command.shards]),
    ...(command.shardCount === undefined ? [] : ["--shard-count", String(command.shardCount)]),
    ...(command.waitForShards === true ? ["--wait-for-shards"] : []),
    ...(command.args ?? []),
  ];
  const child = startWatchedProcess(process.execPath, args, { env: { ...command.env, BEDROCK_BOT_CONFIG: command.configPath }, cwd: command.cwd });
  const pid = async () => Number((await child.waitFor(/"pid":(\d+)/, { timeoutMs: CONNECT_TIMEOUT_MS, description: "the bot's first log line" }))[1]);
  return {
    process: child,
    pid,
    async connected() {
      const [line] = await child.waitFor(/\{[^\n]*"msg":"connected to Discord"[^\n]*\}/, { timeoutMs: CONNECT_TIMEOUT_MS, description: "the bot connecting" });
      const logged = JSON.parse(line) as { shards: number[]; shardCount: number };
      return { shards: logged.shards, shardCount: logged.shardCount };
    },
    async kill9() {
      process.kill(await pid(), "SIGKILL");
      await child.exited();
    },
  };
}

export interface FleetRigOptions {
  store: "redis" | "sqlite";
  /** The fake Discord's options (recommendedShards, maxConcurrency, guilds …). */
  discord?: FakeDiscordOptions;
  /** `[bot]` keys besides the harness's (e.g. `lease_seconds`). */
  bot?: Record<string, unknown>;
  /** TOML appended to the config (sections of your own: `[batch]`, more `[[models]]` …). */
  extraToml?: string;
}

export interface FleetRig {
  discord: FakeDiscord;
  bedrock: FakeBedrock;
  /** `[storage]` of every process. */
  store: { url: string; prefix: string };
  dir: string;
  configPath: string;
  /** The children's environment (DISCORD_TOKEN, DISCORD_API_URL, LOG_LEVEL …); add to it before starting bots. */
  env: NodeJS.ProcessEnv;
  startBot(options?: Omit<FleetBotCommand, "configPath" | "env" | "cwd"> & { env?: NodeJS.ProcessEnv }): FleetBot;
  /** Runs another CLI command (`batch status` …) on the same config to its end: its exit code and output. */
  runCli(args: readonly string[]): Promise<{ code: number | null; output: string }>;
  close(): Promise<void>;
}

export async function startFleetRig(options: FleetRigOptions): Promise<FleetRig> {
  const discord = await startFakeDiscord(options.discord);
  const bedrock = await startFakeBedrock();
  const dir = await mkdtemp(join(tmpdir(), "fleet-"));
  const store = options.store === "redis" ? { url: REDIS_URL, prefix: `fleet-${randomUUID()}:` } : { url: `sqlite://${join(dir, "bot.sqlite")}`, prefix: "" };
  const toml = `${harnessConfigToml(bedrock.url, discord.cdnHost, { bot: options.bot ?? {} })}
[storage]
url = "${store.url}"
prefix = "${store.prefix}"
${options.extraToml ?? ""}`;
  const configPath = join(dir, "fleet.toml");
  await writeFile(configPath, toml);
  const env = childBotEnv(discord, dir, { logLevel: "info" });
  const bots: FleetBot[] = [];
  const others: WatchedProcess[] = [];
  return {
    discord,
    bedrock,
    store,
    dir,
    configPath,
    env,
    startBot(command = {}) {
      const bot = startFleetBot({ ...command, configPath, env: { ...env, ...command.env }, cwd: dir });
      bots.push(bot);
      return bot;
    },
    async runCli(args) {
      const child = startWatchedProcess(process.execPath, [BIN, ...args], { env: { ...env, BEDROCK_BOT_CONFIG: configPath }, cwd: dir });
      others.push(child);
      const code = await child.exited();
      return { code, output: child.output };
    },
    async close() {
      await Promise.all([...bots.map((bot) => bot.process), ...others].map((child) => child.stop(5_000)));
      await discord.close();
      await bedrock.close();
      if (options.store === "redis") await deleteRedisKeys(`${store.prefix}*`, store.url);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
