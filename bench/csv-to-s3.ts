/**
 * Issue 4 benchmark (a): a 50,000-row CSV -> planned batch records -> JSONL input files streamed into s3rver, the
 * whole path `/batch` and `bedrock-bot batch submit` take before CreateModelInvocationJob. Reports seconds and peak
 * RSS (targets: <= 3 s, <= 150 MB), and the same run's plan-only time as the in-process baseline for the upload cost.
 */
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { runLayout } from "../src/bedrock/batch/jobs/batch-layout.ts";
import { planBatchRun } from "../src/bedrock/batch/run/plan-batch-run.ts";
import { s3RecordFileTargets, writeRecordFiles } from "../src/bedrock/batch/run/write-record-files.ts";
import { batchSchema, modelSchema } from "../src/config/schema.ts";
import { startS3rver } from "../test/fakes/s3/start-s3rver.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { withPeakRss } from "./measure.ts";

const BUCKET = "bench-bucket";

/** A CSV with quoted fields, commas and the odd embedded newline, like a real export. */
function makeCsv(rows: number): Uint8Array {
  const lines = ["id,product,review"];
  for (let i = 1; i <= rows; i++) {
    const review = i % 97 === 0 ? `"Great, but\nthe strap broke after ${i % 13} weeks"` : `"Works as described, order ${i}"`;
    lines.push(`${i},"Widget ${i % 500}",${review}`);
  }
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

export async function benchCsvToS3(opts: { rows: number }): Promise<Record<string, unknown>> {
  const s3 = await startS3rver({ buckets: [BUCKET] });
  try {
    const model = modelSchema.parse({ name: "nova-lite", model_identifier: "us.amazon.nova-lite-v1:0", api_provider: "p", price_in: 0.06, price_out: 0.24, max_tokens: 200 });
    const bytes = makeCsv(opts.rows);
    const plan = () =>
      planBatchRun({
        sources: [{ kind: "file", filename: "reviews.csv", bytes }],
        model,
        promptSpec: { mode: "template", template: "Classify the sentiment of this review of {product}: {review}" },
        batch: batchSchema.parse({}),
      });
    const full = await withPeakRss(async () => {
      const start = performance.now();
      const planned = await plan();
      await writeRecordFiles(planned.replay(), planned.jobs, s3RecordFileTargets(s3.client, runLayout(BUCKET, "bench/", "run1")));
      return { seconds: (performance.now() - start) / 1000, records: planned.counts.records, jobs: planned.jobs.length };
    });
    const planOnly = await withPeakRss(async () => {
      const start = performance.now();
      await plan();
      return (performance.now() - start) / 1000;
    });
    const key = "bench/runs/run1/job-1/input/records-1.jsonl";
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    const first = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: "bytes=0-300" }));
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      name: "csv_to_s3",
      rows: opts.rows,
      csvMb: round(bytes.length / 1e6),
      records: full.result.records,
      jobs: full.result.jobs,
      uploadedMb: round((head.ContentLength ?? 0) / 1e6),
      firstLine: (await first.Body?.transformToString())?.split("\n")[0]?.slice(0, 120),
      seconds: round(full.result.seconds),
      peakRssMb: full.peakRssMb,
      startRssMb: full.startRssMb,
      planOnlySeconds: round(planOnly.result),
      targets: { seconds: "<= 3", peakRssMb: "<= 150" },
    };
  } finally {
    await s3.close();
  }
}

if (isMain(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchCsvToS3({ rows: numberFlag("--rows", 50_000) }), null, 2)}\n`);
}
