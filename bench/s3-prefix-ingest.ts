/**
 * Issue 4 benchmark (b): 1,000 images under an S3 prefix, every S3 request delayed by 20 ms (a far region or a slow
 * link), turned into batch records. This code (concurrent, ordered downloads) against the same code made to fetch one
 * object at a time, in the same process, against the same s3rver. The ratio is the figure; the target is >= 20x.
 * s3rver runs in a child process on the same cores and spends ~1 ms of CPU per GetObject itself (SigV4 check, files):
 * with our own ~0.7-1 ms of SDK work per object that bounds `ours` near 1 s on 2 idle cores.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { deflateSync } from "node:zlib";
import pLimit from "p-limit";
import { resolveBatchInputLimits, type BatchInputLimits } from "../src/bedrock/batch/inputs/batch-input-limits.ts";
import { expandInputs } from "../src/bedrock/batch/inputs/expand-inputs.ts";
import { streamBatchRecords } from "../src/bedrock/batch/records/build-batch-records.ts";
import { bedrockClientConfigs } from "../src/bedrock/clients/create-bedrock-clients.ts";
import { modelSchema, providerSchema } from "../src/config/schema.ts";
import { S3RVER_CREDENTIALS } from "../test/fakes/s3/s3rver-client-config.ts";
import { startS3rver } from "../test/fakes/s3/start-s3rver.ts";
import { isMain, numberFlag } from "./is-main.ts";

const BUCKET = "bench-bucket";

/** A valid, distinct PNG per index (1x1 grey pixel whose value varies), so no two objects are byte-identical. */
function tinyPng(index: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const pixels = deflateSync(Buffer.from([0, index % 256]));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", new Uint8Array())]);
}

/**
 * The bot's own S3 client for a provider whose `s3_endpoint` is this s3rver (so the settings measured are the ones
 * users run), every request waiting `delayMs` before it is sent.
 */
function slowClient(endpoint: string, delayMs: number): S3Client {
  const provider = providerSchema.parse({
    name: "bench",
    api_key: S3RVER_CREDENTIALS.accessKeyId,
    extra_params: { region: "us-east-1", aws_secret_key: S3RVER_CREDENTIALS.secretAccessKey, s3_endpoint: endpoint },
  });
  const client = new S3Client(bedrockClientConfigs(provider).s3);
  client.middlewareStack.add((next) => async (args) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return next(args);
  }, { step: "finalizeRequest", name: "benchLatency" });
  return client;
}

async function ingest(client: S3Client, limits: BatchInputLimits): Promise<{ seconds: number; cpuSeconds: number; records: number; skipped: number }> {
  const model = modelSchema.parse({ name: "nova-lite", model_identifier: "us.amazon.nova-lite-v1:0", api_provider: "p" });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const stream = streamBatchRecords({
    items: expandInputs([{ kind: "s3", uri: `s3://${BUCKET}/in/` }], limits, { s3: client, allowedBuckets: [BUCKET] }),
    promptSpec: { mode: "single", prompt: "Describe this product photo in one sentence." },
    model,
  });
  for await (const _event of stream.events);
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, records: stream.counts.records, skipped: stream.counts.skipped };
}

export async function benchS3PrefixIngest(opts: { objects: number; latencyMs: number }): Promise<Record<string, unknown>> {
  const s3 = await startS3rver({ buckets: [BUCKET] });
  try {
    const limit = pLimit(16);
    await Promise.all(
      Array.from({ length: opts.objects }, (_, i) =>
        limit(() => s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `in/img-${String(i).padStart(5, "0")}.png`, Body: tinyPng(i) }))),
      ),
    );
    const client = slowClient(s3.endpoint, opts.latencyMs);
    try {
      await ingest(client, resolveBatchInputLimits()); // warm-up: sockets, JIT
      const ours = await ingest(client, resolveBatchInputLimits());
      // One warm-up of 1,000 objects leaves the JIT short of steady state: the runs after `ours` keep getting faster
      // (~1.3 s -> ~0.9 s). Both figures are reported; `ratio` stays the first, as it always was.
      const later: number[] = [];
      for (let run = 0; run < 3; run++) later.push((await ingest(client, resolveBatchInputLimits())).seconds);
      const warmSeconds = later.sort((a, b) => a - b)[1]!;
      const oneAtATime = await ingest(client, resolveBatchInputLimits({ s3ReadConcurrency: 1 }));
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        name: "s3_prefix_ingest",
        objects: opts.objects,
        latencyMsPerRequest: opts.latencyMs,
        ours: { ...ours, seconds: round(ours.seconds), cpuSeconds: round(ours.cpuSeconds), concurrency: resolveBatchInputLimits().s3ReadConcurrency },
        baseline: { ...oneAtATime, seconds: round(oneAtATime.seconds), cpuSeconds: round(oneAtATime.cpuSeconds), concurrency: 1 },
        ratio: round(oneAtATime.seconds / ours.seconds),
        warm: { medianSecondsOf3LaterRuns: round(warmSeconds), ratio: round(oneAtATime.seconds / warmSeconds) },
        target: ">= 20x",
      };
    } finally {
      client.destroy();
    }
  } finally {
    await s3.close();
  }
}

if (isMain(import.meta.url)) {
  const result = await benchS3PrefixIngest({ objects: numberFlag("--objects", 1000), latencyMs: numberFlag("--latency-ms", 20) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
