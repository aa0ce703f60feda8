/**
 * `npm run bench [-- name...]`: runs the benchmarks (all, or those named), each in a process of its own so peak-RSS
 * figures are not inflated by another benchmark's heap, and prints one JSON object. Speed figures are ratios against
 * a baseline run in the same process as the code measured, so they compare across machines.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** name -> benchmark file and its arguments (environment overrides keep CI-sized runs possible). */
const BENCHMARKS: Record<string, string[]> = {
  // Issue 2: converse() per-turn overhead against the zero-latency fake.
  converse_overhead: ["bench/converse-overhead.ts", "--turns", process.env.BENCH_TURNS ?? "400"],
  // Issue 3: gateway event -> Converse request at the fake (vs transport alone), first token -> first visible edit.
  bot_turn: ["bench/bot-turn.ts", "--turns", process.env.BENCH_BOT_TURNS ?? "40"],
  // Issue 4 (a): 50,000 CSV rows -> JSONL input files streamed into s3rver.
  csv_to_s3: ["bench/csv-to-s3.ts", "--rows", process.env.BENCH_CSV_ROWS ?? "50000"],
  // Issue 4 (b): 1,000 images under an S3 prefix, 20 ms per request, concurrent vs one at a time.
  s3_prefix_ingest: ["bench/s3-prefix-ingest.ts", "--objects", process.env.BENCH_S3_OBJECTS ?? "1000", "--latency-ms", "20"],
  // Issue 4 (c): a 1 GB .jsonl.out -> results, against readline + JSON.parse of every line.
  results_throughput: ["bench/results-throughput.ts", "--size-mb", process.env.BENCH_RESULTS_MB ?? "1024"],
  // CLI startup (--version, config check, start to READY, idle RSS), built dist/ against tsx on the sources.
  startup: ["bench/startup.ts", "--runs", process.env.BENCH_STARTUP_RUNS ?? "5", "--idle-seconds", process.env.BENCH_IDLE_SECONDS ?? "60"],
  // `/batch` watcher: one poll cycle over 20 open submissions, alone and beside 10,000 archived ones, sqlite and redis.
  poll_cycle: ["bench/poll-cycle.ts", "--open", "20", "--archived", process.env.BENCH_ARCHIVED ?? "10000", "--cycles", process.env.BENCH_POLL_CYCLES ?? "15"],
  // Issue 15: vectors per second into LanceDB and the fake S3 Vectors, batched vs one at a time.
  sinks: ["bench/sinks.ts", "--vectors", process.env.BENCH_SINK_VECTORS ?? "10000", "--sample", "200", "--dimension", "1024"],
  // Issue 11 (a): chat messages answered per second by 1 vs 2 bot processes over 2 shards and 40 guilds.
  fleet_chat: ["bench/fleet-chat.ts", "--messages", process.env.BENCH_FLEET_MESSAGES ?? "200", "--sequential", "40"],
  // Issue 11 (b): Bedrock control-plane calls per poll interval with 1, 2 and 4 processes and 100 open jobs.
  fleet_poll: ["bench/fleet-poll.ts", "--open", "100", "--intervals", process.env.BENCH_FLEET_INTERVALS ?? "6", "--poll-seconds", "5"],
};

function runBenchmark(args: string[]): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [resolve(ROOT, "bin/run-ts.js"), ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args[0]} failed: ${stderr || error.message}`));
      else resolvePromise(JSON.parse(stdout));
    });
  });
}

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")} (known: ${Object.keys(BENCHMARKS).join(", ")})`);
  process.exit(2);
}
const results: Record<string, unknown> = { node: process.version, platform: `${process.platform}-${process.arch}` };
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
  process.stderr.write(`bench: ${name}...\n`);
  results[name] = await runBenchmark(BENCHMARKS[name]!);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
