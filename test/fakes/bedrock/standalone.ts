/**
 * Runs the fake Bedrock by hand: `npm run fake:bedrock -- [--port N] [--host H] [--quiet] [--s3-endpoint URL]
 * [--bucket NAME] [--minutes-per-second M] [--min-records N]` (or FAKE_BEDROCK_PORT).
 *
 * Serves the runtime (Converse, ConverseStream) and the batch control plane on one port. Batch jobs read and write S3:
 * an s3rver started here (bucket `--bucket`, data in a temp directory removed on exit) unless `--s3-endpoint` points
 * at one already running (credentials S3RVER/S3RVER). Job time follows real time sped up: `--minutes-per-second 1`
 * (default) makes each real second a fake minute, so a job takes its five one-minute steps in about five seconds.
 * Prints the endpoints, logs each call, and stays up until Ctrl-C. Scripts and faults are for tests that import
 * `startFakeBedrock`.
 */
import { parseArgs } from "node:util";
import { startS3rver } from "../s3/start-s3rver.ts";
import type { RunningS3rver } from "../s3/start-s3rver.ts";
import { scaledRealClock } from "./fake-clock.ts";
import { startFakeBedrock } from "./index.ts";

/** How often due job steps are run; job time itself comes from the scaled clock. */
const POLL_MS = 250;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    quiet: { type: "boolean", default: false },
    "s3-endpoint": { type: "string" },
    bucket: { type: "string", default: "bedrock-batch" },
    "minutes-per-second": { type: "string", default: "1" },
    "min-records": { type: "string" },
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
const minutesPerSecond = numberOption("minutes-per-second", values["minutes-per-second"], (v) => v > 0 && Number.isFinite(v), "a number > 0");
const minRecords = values["min-records"] === undefined ? undefined : numberOption("min-records", values["min-records"], (v) => Number.isInteger(v) && v >= 1, "a whole number >= 1");

const log = values.quiet ? undefined : (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
let s3rver: RunningS3rver | undefined;
const s3Endpoint = values["s3-endpoint"] ?? (s3rver = await startS3rver({ buckets: [values.bucket], host: values.host })).endpoint;
const fake = await startFakeBedrock({
  port,
  host: values.host,
  log,
  s3: { endpoint: s3Endpoint },
  // A real second is `minutesPerSecond` fake minutes: 60,000 fake ms per 1,000 real ms per minute.
  clock: scaledRealClock(minutesPerSecond * 60),
  ...(minRecords === undefined ? {} : { batch: { minRecordsPerJob: minRecords } }),
});
const poll = setInterval(() => {
  fake.advance(0).catch((error: unknown) => console.error("batch step failed:", error));
}, POLL_MS);

const s3Note = s3rver === undefined ? "(given with --s3-endpoint)" : `(s3rver, bucket "${values.bucket}", path-style, credentials S3RVER/S3RVER)`;
console.log(`Fake Bedrock is listening (HTTP/2 cleartext and HTTP/1.1 on one port).

runtime_endpoint ${fake.url}
control_endpoint ${fake.url}
s3_endpoint ${s3Endpoint}

  bedrock-runtime  POST /model/{modelId}/converse, /converse-stream
  bedrock          POST /model-invocation-job, GET /model-invocation-job/{id}, GET /model-invocation-jobs, POST .../stop
  s3               ${s3Note}

Batch jobs move ${minutesPerSecond} fake minute(s) per second; minimum records per job: ${minRecords ?? "the model's (100; Llama 4 Scout 50)"}.

Point the config at it, in config/model_config.toml (s3rver checks signatures, so the keys must be S3RVER/S3RVER):

  [[api_providers]]
  name = "fake"
  client_type = "bedrock"
  api_key = "S3RVER"
  extra_params = { aws_secret_key = "S3RVER", region = "us-east-1", runtime_endpoint = "${fake.url}", control_endpoint = "${fake.url}", s3_endpoint = "${s3Endpoint}" }

Every reply echoes the last user message. Ctrl-C to stop.`);

const stop = (): void => {
  clearInterval(poll);
  void fake
    .close()
    .then(() => s3rver?.close())
    .then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
