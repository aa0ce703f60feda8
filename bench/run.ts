/**
 * `npm run bench [-- name...]`: runs the benchmarks (all, or those named) and prints one JSON object.
 * Figures are ratios against a baseline run in the same process, so they compare across machines.
 */
import { benchConverseOverhead } from "./converse-overhead.ts";

const BENCHMARKS: Record<string, () => Promise<Record<string, unknown>>> = {
  converse_overhead: () => benchConverseOverhead({ turns: 400 }),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")} (known: ${Object.keys(BENCHMARKS).join(", ")})`);
  process.exit(2);
}
const results: Record<string, unknown> = { node: process.version, platform: `${process.platform}-${process.arch}` };
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
  process.stderr.write(`bench: ${name}...\n`);
  results[name] = await BENCHMARKS[name]!();
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
