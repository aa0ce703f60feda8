/**
 * The batch stack for tests: s3rver (the batch bucket), the fake Bedrock (runtime + batch control plane, reading and
 * writing that s3rver), a config pointing at both, the real SDK clients built from it, and a fresh sqlite store.
 * `configText()` is the same config as TOML, for the CLI child process.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBedrockClients, type BedrockClients } from "../../../../src/bedrock/clients/create-bedrock-clients.ts";
import { createConverseClient } from "../../../../src/bedrock/clients/converse-client.ts";
import { createBatchControl, type BatchControl } from "../../../../src/bedrock/batch/jobs/batch-control-client.ts";
import { openBatchStore, type BatchStore } from "../../../../src/bedrock/batch/jobs/batch-store.ts";
import type { PollDeps, PollSettings } from "../../../../src/bedrock/batch/jobs/poll-batch-jobs.ts";
import { maxConcurrentJobsOf } from "../../../../src/bedrock/batch/jobs/build-job-row.ts";
import { parseConfig, findModel, type LoadedConfig } from "../../../../src/config/index.ts";
import type { ModelConfig } from "../../../../src/config/schema.ts";
import { startFakeBedrock, type FakeBedrock } from "../../../fakes/bedrock/index.ts";
import { startS3rver, type RunningS3rver } from "../../../fakes/s3/start-s3rver.ts";

export const BUCKET = "bdb-batch";
const ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockBatchRole";

export interface BatchRunKit {
  s3rver: RunningS3rver;
  fake: FakeBedrock;
  /** A fresh folder per test (`freshTest()`): store, output folders. */
  dir: string;
  config: LoadedConfig;
  clients: BedrockClients;
  control: BatchControl;
  store: BatchStore;
  model(name: string): ModelConfig;
  /** Config TOML for the current `dir` (store inside it). */
  configText(extraBatch?: string): string;
  /** Writes `configText()` into `dir` and returns its path. */
  writeConfig(extraBatch?: string): Promise<string>;
  pollDeps(control?: BatchControl): PollDeps;
  pollSettings: PollSettings;
  /** New folder, new store, fake reset. */
  freshTest(): Promise<void>;
  close(): Promise<void>;
}

export function batchConfigText(fakeUrl: string, s3Endpoint: string, storeUrl: string, extraBatch = ""): string {
  return `
[[api_providers]]
name = "fake"
client_type = "bedrock"
api_key = "S3RVER"
max_retry = 1
retry_interval = 0.01
timeout = 10
[api_providers.extra_params]
aws_secret_key = "S3RVER"
region = "us-east-1"
runtime_endpoint = "${fakeUrl}"
control_endpoint = "${fakeUrl}"
s3_endpoint = "${s3Endpoint}"

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite"
api_provider = "fake"
price_in = 0.06
price_out = 0.24
max_tokens = 200

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite-small"
api_provider = "fake"
price_in = 0.06
price_out = 0.24
[models.batch]
min_records = 3

[[models]]
model_identifier = "anthropic.claude-3-5-haiku-20241022-v1:0"
name = "haiku"
api_provider = "fake"
price_in = 0.8
price_out = 4
[models.batch]
max_concurrent_jobs = 1

[batch]
bucket = "${BUCKET}"
role_arn = "${ROLE_ARN}"
retention_days = 0
${extraBatch}

[storage]
url = "${storeUrl}"
`;
}

export async function startBatchRunKit(): Promise<BatchRunKit> {
  const s3rver = await startS3rver({ buckets: [BUCKET] });
  const fake = await startFakeBedrock({ s3: { endpoint: s3rver.endpoint } });
  let dir = await mkdtemp(join(tmpdir(), "batch-run-"));
  const storeUrl = (): string => `sqlite://${join(dir, "store", "bot.sqlite")}`;
  const configText = (extraBatch = ""): string => batchConfigText(fake.url, s3rver.endpoint, storeUrl(), extraBatch);
  const config = parseConfig(configText(), "test.toml", {});
  const provider = config.providers[0]!;
  const clients = createBedrockClients(provider);
  const control = createBatchControl(clients.control);
  const kit: BatchRunKit = {
    s3rver,
    fake,
    dir,
    config,
    clients,
    control,
    store: openBatchStore(storeUrl()),
    model: (name) => findModel(config, name)!,
    configText,
    writeConfig: async (extraBatch) => {
      const path = join(kit.dir, "model_config.toml");
      await writeFile(path, configText(extraBatch));
      return path;
    },
    pollDeps: (custom) => ({ store: kit.store, controlFor: () => custom ?? control, s3For: () => clients.s3, now: () => new Date() }),
    pollSettings: {
      maxConcurrentJobs: (name) => maxConcurrentJobsOf(findModel(config, name) ?? {}, config.data.batch),
      basePollSeconds: config.data.batch.poll_interval_seconds,
    },
    freshTest: async () => {
      await kit.store.close();
      dir = await mkdtemp(join(tmpdir(), "batch-run-"));
      kit.dir = dir;
      kit.store = openBatchStore(storeUrl());
      fake.reset();
    },
    close: async () => {
      await kit.store.close();
      clients.destroy();
      await fake.close();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** `rows` CSV data rows with an id and a question per row. */
/** Nova Lite as a planning test configures it (prices per million tokens). */
export const NOVA_LITE_MODEL: ModelConfig = {
  model_identifier: "us.amazon.nova-lite-v1:0",
  name: "nova-lite",
  api_provider: "fake",
  price_in: 0.06,
  price_out: 0.24,
  force_stream_mode: false,
  stream: true,
  kind: "chat",
  max_tokens: 100,
};

export function questionsCsv(rows: number): Uint8Array {
  const lines = ["id,question", ...Array.from({ length: rows }, (_, index) => `${index + 1},What is ${index + 1} squared?`)];
  return Buffer.from(`${lines.join("\n")}\n`);
}

export { createConverseClient };
