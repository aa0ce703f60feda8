/**
 * The rig of the crash suite: the fakes (s3rver, fake Bedrock, fake Discord) in the test process, and the bot as
 * users run it — `bedrock-bot start` (the built CLI) as a child process on a real store (a sqlite file, or Redis
 * under a prefix of its own). `BDB_KILL_AT` arms the runner's kill point in the child; a killed bot is started again
 * on the same store after its leases were let lapse (what time does for a dead process). The test process opens the
 * same store to set the scene (a plan's deadline passed, a day's spend) and to check the end state.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { BedrockClientPool } from "../../../../src/bedrock/index.ts";
import { openBatchRuntime } from "../../../../src/bot/batch/batch-runtime.ts";
import type { BatchRuntime } from "../../../../src/bot/batch/batch-runtime-types.ts";
import { parseConfig, type LoadedConfig } from "../../../../src/config/index.ts";
import { openBotStore } from "../../../../src/store/open-bot-store.ts";
import { LEASES_NAMESPACE } from "../../../../src/store/claim-lease.ts";
import { withAtomicBackend } from "../../../../src/store/open-keyv.ts";
import { batchConfigText, BUCKET } from "../../../bedrock/batch/run/batch-run-kit.ts";
import { startFakeBedrock } from "../../../fakes/bedrock/index.ts";
import { startFakeDiscord } from "../../../fakes/discord/index.ts";
import { startS3rver } from "../../../fakes/s3/start-s3rver.ts";
import { seededIds } from "../../bot-harness.ts";
import { childBotEnv } from "../../child-bot-env.ts";
import { deleteRedisKeys } from "../../redis-keys.ts";
import { startWatchedProcess, type WatchedProcess } from "../../watched-process.ts";
import type { BatchStepsKit } from "../batch-e2e-steps.ts";

const ROOT = resolve(import.meta.dirname, "../../../..");
const BIN = join(ROOT, "dist/cli.js");
/** Hang guards on a busy machine, not timings. */
const START_TIMEOUT_MS = 60_000;
const LONG_AGO = "2000-01-01T00:00:00.000Z";

export type CrashStore = "sqlite" | "redis";

export interface BotProcess {
  process: WatchedProcess;
  /** Set once it died at the armed kill point. */
  killed(): boolean;
  dead(): boolean;
}

export interface CrashRig extends BatchStepsKit {
  storeKind: CrashStore;
  /** The store as the child sees it, opened by the test process too (set the scene, check the end). */
  runtime: BatchRuntime;
  usage: ReturnType<typeof openBotStore>["usage"];
  configPath: string;
  env: NodeJS.ProcessEnv;
  /** Starts the bot; resolves once it is connected (or dead at its kill point, if that came first). */
  startBot(killAt?: string): Promise<BotProcess>;
  /** Runs the CLI (`batch submit` …) to its end, the kill point armed; resolves with its output and exit code. */
  runCli(args: readonly string[], killAt?: string): Promise<{ code: number | null; output: string }>;
  /**
   * What time does for a process that died: its leases lapse, and a pool dispatch it left is old enough for the
   * sweep to take over.
   */
  expireLeases(): Promise<void>;
  close(): Promise<void>;
}

export async function startCrashRig(storeKind: CrashStore, scenario: string): Promise<CrashRig> {
  const s3rver = await startS3rver({ buckets: [BUCKET] });
  const bedrock = await startFakeBedrock({ s3: { endpoint: s3rver.endpoint } });
  // The suite restarts the bot after every kill; Discord's 5 s IDENTIFY window (the gateway tests' subject) would
  // add a wait to each restart and nothing to what the suite checks.
  const discord = await startFakeDiscord({ identifyWindowMs: 0 });
  const dir = await mkdtemp(join(tmpdir(), "batch-crash-"));
  const url = storeKind === "sqlite" ? `sqlite://${join(dir, "bot.sqlite")}` : "redis://127.0.0.1:6379";
  const prefix = storeKind === "redis" ? `crash-${randomUUID()}:` : "";
  const toml = `${batchConfigText(bedrock.url, s3rver.endpoint, url, "confirm = true")}prefix = "${prefix}"

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite-tiny"
api_provider = "fake"
price_in = 0.06
price_out = 0.24
[models.batch]
min_records = 3
max_records = 5

[bot]
cdn_hosts = ["${discord.cdnHost}"]
rate_limit_per_minute = 0
daily_spend_cap_usd = 1
`;
  const configPath = join(dir, `${scenario.replace(/[^\w-]+/g, "_").slice(0, 80)}.toml`);
  await writeFile(configPath, toml);
  const config: LoadedConfig = parseConfig(toml, configPath, {});
  const env = childBotEnv(discord, dir, { configPath, logLevel: "debug" });
  await promisify(execFile)(process.execPath, [BIN, "commands", "deploy"], { env, cwd: dir });
  const clients = new BedrockClientPool(config.providers);
  const store = { url, prefix };
  const runtime = openBatchRuntime(config, clients, { store, workDir: join(dir, "test-work") });
  const bot = openBotStore(url, { namespacePrefix: prefix });
  const processes: WatchedProcess[] = [];

  const startBot = async (killAt?: string): Promise<BotProcess> => {
    const child = startWatchedProcess(process.execPath, [BIN, "start"], { env: { ...env, ...(killAt === undefined ? {} : { BDB_KILL_AT: killAt }) }, cwd: dir });
    processes.push(child);
    let exited = false;
    void child.exited().then(() => {
      exited = true;
    });
    const handle: BotProcess = { process: child, killed: () => child.stderr.includes("bdb-kill-point "), dead: () => exited };
    await Promise.race([child.waitFor(/connected to Discord/, { timeoutMs: START_TIMEOUT_MS, description: "the bot connecting" }), child.exited()]).catch((error: unknown) => {
      if (!handle.killed()) throw error;
    });
    return handle;
  };

  const runCli = async (args: readonly string[], killAt?: string) => {
    const child = startWatchedProcess(process.execPath, [BIN, ...args], { env: { ...env, ...(killAt === undefined ? {} : { BDB_KILL_AT: killAt }) }, cwd: dir });
    processes.push(child);
    const code = await child.exited();
    return { code, output: child.output };
  };

  const expireLeases = async () => {
    for (const pool of await runtime.pools.all()) {
      if ((pool.dispatching ?? []).length === 0) continue;
      await runtime.pools.update(pool.key, (current) => ({ pool: { ...current!, dispatching: (current?.dispatching ?? []).map((each) => ({ ...each, takenAt: LONG_AGO })) }, result: undefined }));
    }
    if (storeKind === "redis") {
      await deleteRedisKeys(`${prefix}${LEASES_NAMESPACE}:lease:*`, url);
      // The dead process's IDENTIFY spacing key too: time would let it lapse within seconds.
      await deleteRedisKeys(`${prefix}gateway:identify:*`, url);
      return;
    }
    const leases = withAtomicBackend(url, prefix + LEASES_NAMESPACE, {
      // The table exists once a lease was ever claimed.
      sqlite: (adapter) => ({ clear: () => adapter.query("CREATE TABLE IF NOT EXISTS leases(key VARCHAR(255) PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)").then(() => adapter.query("UPDATE leases SET expires_at = 0")) }),
      redis: () => ({ clear: () => Promise.resolve() }),
    });
    try {
      await leases.clear();
    } finally {
      await leases.close();
    }
  };

  return {
    storeKind,
    discord,
    bedrock,
    s3rver,
    config,
    ids: seededIds(discord),
    runtime,
    usage: bot.usage,
    configPath,
    env,
    startBot,
    runCli,
    expireLeases,
    close: async () => {
      for (const child of processes.reverse()) await child.stop(2_000);
      await runtime.close();
      await bot.close();
      clients.destroy();
      await discord.close();
      await bedrock.close();
      await s3rver.close();
      if (storeKind === "redis") await deleteRedisKeys(`${prefix}*`, url);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
