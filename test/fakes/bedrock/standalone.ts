/**
 * Runs the fake Bedrock by hand: `npm run fake:bedrock -- [--write-config FILE] [--port N] [--host H] [--quiet]
 * [--s3-endpoint URL] [--bucket NAME] [--job-seconds S] [--min-records N]` (or FAKE_BEDROCK_PORT).
 *
 * Serves the runtime (Converse, ConverseStream) and the batch control plane on one port. Batch jobs read and write S3:
 * an s3rver started here (bucket `--bucket`, data in a temp directory removed on exit) unless `--s3-endpoint` points
 * at one already running (credentials S3RVER/S3RVER). Jobs move on real time: each takes about `--job-seconds`
 * (default 10) from submission to its end, so `/batch` can be watched to its results. `--min-records` (default 1) is
 * the minimum records per job, low so a small file makes a real batch job.
 *
 * Prints a bot config pointing every model and `[batch]` at all of this (see fake-bot-config.ts), or writes it to
 * `--write-config FILE` and prints the `export BEDROCK_BOT_CONFIG=...` line for the bot's terminal. The bot's store
 * lives in a temp directory next to the S3 data, removed on exit, so a restarted fake starts everyone afresh. Logs each
 * call and stays up until Ctrl-C. Scripts and faults are for tests that import `startFakeBedrock`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { resolveUserPath } from "../resolve-user-path.ts";
import { startS3rver } from "../s3/start-s3rver.ts";
import type { RunningS3rver } from "../s3/start-s3rver.ts";
import { DEFAULT_BATCH_SETTINGS } from "./batch/batch-plane.ts";
import { paceJobsForWallTime } from "./batch/pace-jobs-for-wall-time.ts";
import { fakeBotConfigToml } from "./fake-bot-config.ts";
import { startFakeBedrock } from "./index.ts";

/** How often due job steps are run. */
const POLL_MS = 250;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    quiet: { type: "boolean", default: false },
    "s3-endpoint": { type: "string" },
    bucket: { type: "string", default: "bedrock-batch" },
    "job-seconds": { type: "string", default: "10" },
    "min-records": { type: "string", default: "1" },
    "write-config": { type: "string" },
  },
});

function numberOption(name: string, text: string, valid: (value: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === "" || !valid(value)) {
    console.error(`--${name}: expected ${expected}, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const port = numberOption("port", values.port ?? process.env.FAKE_BEDROCK_PORT ?? "0", (v) => Number.isInteger(v) && v >= 0 && v <= 65_535, "a port number (0-65535)");
const jobSeconds = numberOption("job-seconds", values["job-seconds"], (v) => v > 0 && Number.isFinite(v), "a number of seconds > 0");
const minRecords = numberOption("min-records", values["min-records"], (v) => Number.isInteger(v) && v >= 1, "a whole number >= 1");
const configPath = values["write-config"] === undefined ? undefined : resolveUserPath(values["write-config"]);

const log = values.quiet ? undefined : (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
let s3rver: RunningS3rver | undefined;
const s3Endpoint = values["s3-endpoint"] ?? (s3rver = await startS3rver({ buckets: [values.bucket], host: values.host })).endpoint;
const fake = await startFakeBedrock({
  port,
  host: values.host,
  log,
  s3: { endpoint: s3Endpoint },
  // Real time, so the job times Bedrock reports (submitTime, endTime) agree with the bot's clock.
  clock: { now: () => Date.now() },
  batch: { minRecordsPerJob: minRecords, stepMs: paceJobsForWallTime(jobSeconds * 1000, DEFAULT_BATCH_SETTINGS.progressPerStep) },
});
const poll = setInterval(() => {
  fake.advance(0).catch((error: unknown) => console.error("batch step failed:", error));
}, POLL_MS);

const storeDir = await mkdtemp(join(tmpdir(), "fake-bedrock-bot-store-"));
const config = fakeBotConfigToml({ bedrockUrl: fake.url, s3Endpoint, bucket: values.bucket, minRecords, storageUrl: `sqlite://${join(storeDir, "bot.sqlite")}` });
if (configPath !== undefined) {
  await mkdir(dirname(configPath), { recursive: true });
  await writeFile(configPath, config);
}

const s3Note = s3rver === undefined ? "(given with --s3-endpoint)" : "(s3rver, path-style, credentials S3RVER/S3RVER)";
const configNote =
  configPath === undefined
    ? `A bot config pointing at all of it (save it as a file and export BEDROCK_BOT_CONFIG=<that file>, or run with --write-config <file>):\n\n${config}`
    : `Bot config written to ${configPath}. In the terminal that runs the bot (with the DISCORD_* lines \`npm run fake:discord\` prints):\n\nexport BEDROCK_BOT_CONFIG=${configPath}`;
console.log(`Fake Bedrock is listening (HTTP/2 cleartext and HTTP/1.1 on one port).

  runtime + batch control plane  ${fake.url}
  S3, bucket "${values.bucket}"  ${s3Endpoint} ${s3Note}

Batch jobs take about ${jobSeconds} s from submission to their end (--job-seconds); minimum records per job: ${minRecords} (--min-records).
Every chat reply echoes the last user message.

${configNote}

Ctrl-C to stop.`);

const stop = (): void => {
  clearInterval(poll);
  void fake
    .close()
    .then(() => s3rver?.close())
    .then(() => rm(storeDir, { recursive: true, force: true }))
    .then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
