/**
 * Startup cost of the `bedrock-bot` CLI, the built package (`node dist/cli.js`) against the baseline it replaces (tsx
 * transpiling the sources: `node bin/run-ts.js src/cli.ts`), measured in the same run, runs interleaved so drift on
 * the machine hits both alike; medians of `--runs` after one unmeasured warm-up each (disk cache, tsx's cache):
 * - `--version` and `config check <example>`: wall, CPU and peak RSS to exit (bench/process-usage.ts says how);
 * - `start` against the fake Discord and fake Bedrock: wall and CPU until the bot logs "connected to Discord" (READY
 *   and the guilds received), peak RSS until then, and RSS `--idle-seconds` after READY (each bot stays connected
 *   meanwhile, so the runs share one idle wait);
 * - where the built `start`'s time goes: a `--cpu-prof` run summarised per package up to READY, and what importing
 *   each dependency costs in a fresh process.
 * `node bin/run-ts.js bench/startup.ts [--runs N] [--idle-seconds N]`; builds dist/ first when it is missing.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { startFakeBedrock } from "../test/fakes/bedrock/index.ts";
import { startFakeDiscord } from "../test/fakes/discord/index.ts";
import { harnessConfigToml } from "../test/e2e/bot-harness.ts";
import { summarizeCpuProfile } from "./cpu-profile-summary.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { medianOfEach } from "./measure.ts";
import { readRunningUsage, requireProcessUsage, runNodeToExit, type ExitedCost } from "./process-usage.ts";

const ROOT = resolve(import.meta.dirname, "..");
const EXAMPLE_CONFIG = join(ROOT, "config/model_config.example.toml");
/** How each variant starts the CLI: arguments to `node` before the CLI's own. */
const VARIANTS = { built: [join(ROOT, "dist/cli.js")], tsx: [join(ROOT, "bin/run-ts.js"), join(ROOT, "src/cli.ts")] };
type Variant = keyof typeof VARIANTS;
/** The issue's targets, for the built package on Node 20: reported as met or not, never failing the bench. */
const TARGETS = { versionCpuMs: 300, startToReadyMs: 1500, idleRssMb: 100 };
const READY_LINE = "connected to Discord";

type Fakes = { discordToken: string; discordUrl: string; config: (storeDir: string) => string };

/** Builds dist/ when it is missing; says so when it is older than a source file (it then measures old code). */
function ensureBuilt(): { distOlderThanSrc: boolean } {
  const cli = join(ROOT, "dist/cli.js");
  if (!existsSync(cli)) {
    process.stderr.write("startup: dist/ is missing, running npm run build...\n");
    try {
      execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", process.stderr, process.stderr] });
    } catch {
      console.error("startup: `npm run build` failed; the startup bench measures dist/cli.js and cannot run without it");
      process.exit(1);
    }
  }
  const builtAt = statSync(cli).mtimeMs;
  const sources = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  return { distOlderThanSrc: sources.some((file) => statSync(join(ROOT, "src", file)).mtimeMs > builtAt) };
}

/** The environment of a user's shell, reduced to what the CLI reads; HOME in a temp dir so no real AWS profile. */
function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...extra };
}

/** Medians of each variant's runs of `cliArgs` to exit, a warm-up first, variants interleaved. */
async function measureToExit(cliArgs: string[], runs: number, home: string): Promise<Record<Variant, ExitedCost>> {
  const samples: Record<Variant, ExitedCost[]> = { built: [], tsx: [] };
  for (let run = 0; run <= runs; run++) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const cost = await runNodeToExit([...VARIANTS[variant], ...cliArgs], { cwd: ROOT, env: cliEnv(home) });
      if (run > 0) samples[variant].push(cost);
    }
  }
  return { built: medianOfEach(samples.built), tsx: medianOfEach(samples.tsx) };
}

interface ReadyBot {
  child: ChildProcess;
  wallToReadyMs: number;
  cpuToReadyMs: number;
  peakRssToReadyMb: number;
  /** `process.hrtime` at READY in µs: the clock `--cpu-prof` timestamps use. */
  readyAtUs: number;
  dir: string;
}

/** Spawns `node <nodeArgs> <variant> --config … start` in a fresh temp dir (sqlite store) and waits for READY. */
async function startToReady(variant: Variant, fakes: Fakes, nodeArgs: string[] = []): Promise<ReadyBot> {
  const dir = mkdtempSync(join(tmpdir(), "bench-startup-"));
  const configPath = join(dir, "model_config.toml");
  writeFileSync(configPath, fakes.config(dir));
  const env = cliEnv(dir, { LOG_LEVEL: "info", DISCORD_TOKEN: fakes.discordToken, DISCORD_API_URL: fakes.discordUrl });
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...VARIANTS[variant], "--config", configPath, "start"], { env, cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  return new Promise<ReadyBot>((resolvePromise, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${variant} start exited (${code}) before READY: ${stderr}`));
    child.once("exit", onExit);
    child.stderr.on("data", (chunk: Buffer) => {
      const before = stderr;
      stderr += chunk.toString();
      if (before.includes(READY_LINE) || !stderr.includes(READY_LINE)) return;
      // Read right here, before anything else runs in this process, to add as little as possible after READY.
      const readyAtUs = Number(process.hrtime.bigint() / 1000n);
      const wallToReadyMs = performance.now() - started;
      const usage = readRunningUsage(child.pid!);
      child.off("exit", onExit);
      resolvePromise({ child, wallToReadyMs, cpuToReadyMs: usage.cpuMs, peakRssToReadyMb: usage.peakRssMb, readyAtUs, dir });
    });
  });
}

async function stopBot(bot: ReadyBot): Promise<void> {
  if (bot.child.exitCode === null) {
    const exited = once(bot.child, "exit");
    bot.child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000).then(() => bot.child.kill("SIGKILL"))]);
  }
  rmSync(bot.dir, { recursive: true, force: true });
}

/** `start` to READY per variant (warm-up first, interleaved), then each bot's RSS `idleSeconds` after its READY. */
async function measureStart(fakes: Fakes, runs: number, idleSeconds: number) {
  const bots: { variant: Variant; bot: ReadyBot }[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        const bot = await startToReady(variant, fakes);
        if (run === 0) await stopBot(bot);
        else bots.push({ variant, bot });
      }
    }
    const idleRss = new Map<ReadyBot, number>();
    for (const { bot } of bots) {
      await sleep(Math.max(0, (bot.readyAtUs - Number(process.hrtime.bigint() / 1000n)) / 1000 + idleSeconds * 1000));
      idleRss.set(bot, readRunningUsage(bot.child.pid!).rssMb);
    }
    const medians = (variant: Variant) =>
      medianOfEach(
        bots
          .filter((entry) => entry.variant === variant)
          .map(({ bot }) => ({ wallToReadyMs: bot.wallToReadyMs, cpuToReadyMs: bot.cpuToReadyMs, peakRssToReadyMb: bot.peakRssToReadyMb, idleRssMb: idleRss.get(bot)! })),
      );
    return { built: medians("built"), tsx: medians("tsx") };
  } finally {
    await Promise.all(bots.map(({ bot }) => stopBot(bot)));
  }
}

/** The built `start` under `--cpu-prof`, stopped right after READY; the profile summarised up to READY. */
async function profileBuiltStart(fakes: Fakes): Promise<Record<string, unknown>> {
  const profileDir = mkdtempSync(join(tmpdir(), "bench-cpu-prof-"));
  try {
    const bot = await startToReady("built", fakes, ["--cpu-prof", "--cpu-prof-dir", profileDir]);
    await stopBot(bot); // the profile is written as the process exits
    const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
    if (file === undefined) return { error: "no .cpuprofile written" };
    return { wallToReadyMs: Math.round(bot.wallToReadyMs), ...summarizeCpuProfile(JSON.parse(readFileSync(join(profileDir, file), "utf8")), bot.readyAtUs, 15) };
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/**
 * What importing each runtime dependency (and this package's bot and config modules, and tsx's loader) costs in a
 * fresh Node, above a bare Node: median CPU and peak RSS of `runs` (wall time is left out: on a shared machine it is
 * mostly noise at this size). Packages share dependencies (@smithy/*, @aws-sdk/core), so the
 * figures overlap and do not add up to the whole.
 */
async function measureImports(runs: number, home: string): Promise<Record<string, unknown>> {
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const importOf = (specifier: string) => `await import(${JSON.stringify(specifier)});`;
  const snippets: Record<string, string> = {
    ...Object.fromEntries([...Object.keys(dependencies), "@keyv/sqlite"].map((name) => [name, importOf(name)])),
    "this package: dist/bot/start-bot.js (the bot's whole graph)": importOf(pathToFileURL(join(ROOT, "dist/bot/start-bot.js")).href),
    "this package: dist/config/index.js": importOf(pathToFileURL(join(ROOT, "dist/config/index.js")).href),
    "tsx loader (register())": 'const { register } = await import("tsx/esm/api"); register();',
  };
  const timeSnippet = async (code: string) => {
    const samples: ExitedCost[] = [];
    for (let run = 0; run <= runs; run++) {
      const cost = await runNodeToExit(["--input-type=module", "-e", code], { cwd: ROOT, env: cliEnv(home) });
      if (run > 0) samples.push(cost);
    }
    return medianOfEach(samples);
  };
  const bare = await timeSnippet("");
  const costs: [string, { cpuMs: number; rssMb: number } | { error: string }][] = [];
  for (const [name, code] of Object.entries(snippets)) {
    try {
      const cost = await timeSnippet(code);
      costs.push([name, { cpuMs: cost.cpuMs - bare.cpuMs, rssMb: Math.round((cost.peakRssMb - bare.peakRssMb) * 10) / 10 }]);
    } catch (error) {
      costs.push([name, { error: (error as Error).message.split("\n")[0]! }]);
    }
  }
  costs.sort(([, a], [, b]) => ("cpuMs" in b ? b.cpuMs : -1) - ("cpuMs" in a ? a.cpuMs : -1));
  return { bareNode: bare, aboveBareNode: Object.fromEntries(costs) };
}

/** built / tsx for every figure. */
function withRatios<T extends { [K in keyof T]: number }>(figures: Record<Variant, T>) {
  const keys = Object.keys(figures.built) as (keyof T)[];
  const ratio = Object.fromEntries(keys.map((key) => [key, Math.round((figures.built[key] / figures.tsx[key]) * 1000) / 1000]));
  return { ...figures, ratioBuiltToTsx: ratio };
}

const target = (value: number, under: number, unit: string) => ({ target: `under ${under} ${unit}`, built: value, met: value < under });

export async function benchStartup(opts: { runs: number; idleSeconds: number }): Promise<Record<string, unknown>> {
  requireProcessUsage();
  const { distOlderThanSrc } = ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), "bench-startup-home-"));
  const discord = await startFakeDiscord();
  const bedrock = await startFakeBedrock();
  const fakes: Fakes = {
    discordToken: discord.botToken,
    discordUrl: discord.restUrl,
    config: (storeDir) => `${harnessConfigToml(bedrock.url, discord.cdnHost)}\n[storage]\nurl = "sqlite://${join(storeDir, "bot.sqlite")}"\n`,
  };
  try {
    process.stderr.write("startup: --version, config check...\n");
    const version = await measureToExit(["--version"], opts.runs, home);
    const configCheck = await measureToExit(["config", "check", EXAMPLE_CONFIG], opts.runs, home);
    process.stderr.write(`startup: start to READY, then ${opts.idleSeconds} s idle...\n`);
    const start = await measureStart(fakes, opts.runs, opts.idleSeconds);
    process.stderr.write("startup: where the time goes (cpu profile, imports)...\n");
    const profile = await profileBuiltStart(fakes);
    const imports = await measureImports(Math.max(1, Math.min(3, opts.runs)), home);
    return {
      name: "startup",
      runs: opts.runs,
      idleSeconds: opts.idleSeconds,
      distOlderThanSrc,
      method: {
        cpu: "user+sys of all the process's threads: wait4() rusage via GNU time (/usr/bin/time -f '%U %S %M') for commands that exit; /proc/<pid>/stat utime+stime at READY for start. 10 ms resolution",
        rss: "peak: ru_maxrss via GNU time, or VmHWM from /proc/<pid>/status at READY; idle: VmRSS idle-seconds after READY",
        wall: "spawn -> exit (or -> the READY log line on stderr) measured by this process",
      },
      version: withRatios(version),
      configCheck: withRatios(configCheck),
      start: withRatios(start),
      targets: {
        versionCpu: target(version.built.cpuMs, TARGETS.versionCpuMs, "ms CPU"),
        startToReady: target(start.built.wallToReadyMs, TARGETS.startToReadyMs, "ms wall"),
        idleRss: { ...target(start.built.idleRssMb, TARGETS.idleRssMb, "MB"), node: process.version, afterIdleSeconds: opts.idleSeconds },
      },
      whereStartTimeGoes: { cpuProfileOfBuiltStartToReady: profile, importCostInFreshNode: imports },
    };
  } finally {
    await discord.close();
    await bedrock.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const result = await benchStartup({ runs: numberFlag("--runs", 5), idleSeconds: numberFlag("--idle-seconds", 60) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
