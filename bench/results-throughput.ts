/**
 * Benchmark (c): batch results throughput. A `.jsonl.out` of `sizeMb` MB whose lines echo a large base64 image in
 * `modelInput` (as Bedrock does) is read by our results pipeline and by a naive baseline — `readline` + `JSON.parse`
 * of every line — in the same process, both producing the same files. Reports MB/s of each, the ratio, and peak RSS.
 * Targets: ratio >= 2, our peak RSS <= 150 MB.
 *
 * Run alone: `node bin/run-ts.js bench/results-throughput.ts --size-mb 1024` (prints JSON).
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Provenance } from "../src/bedrock/batch/batch-types.ts";
import { collectBatchResults, type CollectedBatchResults } from "../src/bedrock/batch/results/collect-batch-results.ts";
import { listLocalBatchOutput } from "../src/bedrock/batch/results/list-local-batch-output.ts";
import { resultRowFromFields } from "../src/bedrock/batch/results/parse-batch-output-line.ts";
import type { OutputLineReader } from "../src/bedrock/batch/results/read-batch-results.ts";
import { withPeakRss } from "./measure.ts";
import { isMain, numberFlag } from "./is-main.ts";

const MIB = 1024 * 1024;
/** Base64 echo sizes cycled through, like photos of different sizes (about 0.7 MB per line on average). */
const ECHO_BYTES = [96 * 1024, 384 * 1024, 768 * 1024, 1536 * 1024];
/** Every Nth record is a per-record error instead of an output. */
const ERROR_EVERY = 50;
const TARGETS = { minRatio: 2, maxPeakRssMb: 150 };

export async function benchResultsThroughput(opts: { sizeMb: number } = { sizeMb: 1024 }): Promise<Record<string, unknown>> {
  const root = await mkdtemp(join(tmpdir(), "bench-results-"));
  try {
    const fromDir = join(root, "from");
    await mkdir(fromDir);
    const generateStart = performance.now();
    const { lines, provenance } = await generateOutputFile(join(fromDir, "photos.jsonl.out"), opts.sizeMb * MIB);
    const generateSeconds = (performance.now() - generateStart) / 1000;
    const fileBytes = (await stat(join(fromDir, "photos.jsonl.out"))).size;
    const plan = { provenance, skipped: [] };

    const run = async (name: string, readLines?: OutputLineReader) => {
      (globalThis as { gc?: () => void }).gc?.();
      const outDir = join(root, `out-${name}`);
      const sources = await listLocalBatchOutput(fromDir);
      const start = performance.now();
      const measured = await withPeakRss(() => collectBatchResults({ sources, plan, outDir, tempDir: root, readLines }));
      const seconds = (performance.now() - start) / 1000;
      return { measured, seconds, csv: await readFile(join(outDir, "results.csv")) };
    };
    // Ours first, so its RSS is not inflated by memory the baseline left behind.
    const ours = await run("ours");
    const baseline = await run("baseline", naiveLineReader(fromDir));

    const figures = (run: { measured: { peakRssMb: number; startRssMb: number; result: CollectedBatchResults }; seconds: number }) => ({
      seconds: round(run.seconds),
      mbPerSecond: round(fileBytes / MIB / run.seconds),
      peakRssMb: run.measured.peakRssMb,
      startRssMb: run.measured.startRssMb,
    });
    const ratio = round(baseline.seconds / ours.seconds);
    const oursFigures = figures(ours);
    return {
      sizeMb: round(fileBytes / MIB),
      lines,
      generateSeconds: round(generateSeconds),
      ours: oursFigures,
      baseline: figures(baseline),
      ratio,
      sameOutput: ours.csv.equals(baseline.csv),
      counts: ours.measured.result.results.counts,
      targets: TARGETS,
      meetsTargets: ratio >= TARGETS.minRatio && oursFigures.peakRssMb <= TARGETS.maxPeakRssMb,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The naive way: `readline` over the file, `JSON.parse` of every whole line (echo included). */
function naiveLineReader(fromDir: string): OutputLineReader {
  return async function* (file, job) {
    const lines = createInterface({ input: createReadStream(join(fromDir, file.name)), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        yield { parsed: { malformed: "not JSON" }, at: { job, file: file.name, line } };
        continue;
      }
      const fields = typeof parsed === "object" && parsed !== null ? parsed : {};
      yield { parsed: resultRowFromFields(fields), at: { job, file: file.name, line } };
    }
  };
}

/**
 * Writes about `targetBytes` of output lines, recordIds shuffled (Bedrock's order is not the input's). Fast because
 * every line reuses one random base64 buffer: a line is three writes (head, a slice of the buffer, tail).
 */
async function generateOutputFile(path: string, targetBytes: number): Promise<{ lines: number; provenance: Map<string, Provenance> }> {
  const base64 = Buffer.from(randomBytes(Math.ceil((Math.max(...ECHO_BYTES) * 3) / 4)).toString("base64"));
  const echoSizes: number[] = [];
  for (let total = 0; total < targetBytes; ) {
    const size = ECHO_BYTES[echoSizes.length % ECHO_BYTES.length]!;
    echoSizes.push(size);
    total += size + 700; // + the JSON around the echo
  }
  const provenance = new Map<string, Provenance>();
  const recordIds = echoSizes.map((_, index) => `R${String(index + 1).padStart(9, "0")}`);
  recordIds.forEach((recordId, index) => {
    provenance.set(recordId, { source: "photos.zip", member: `img/${index + 1}.jpg`, prompt: "default" });
  });

  const file = await open(path, "w");
  try {
    for (const index of shuffledIndexes(recordIds.length)) {
      const recordId = recordIds[index]!;
      const head =
        `{"recordId":"${recordId}","modelInput":{"messages":[{"role":"user","content":[` +
        '{"image":{"format":"jpeg","source":{"bytes":"';
      const outcome =
        (index + 1) % ERROR_EVERY === 0
          ? '"error":{"errorCode":400,"errorMessage":"messages.0.content.0.image: image exceeds the size limit"}'
          : `"modelOutput":{"output":{"message":{"role":"assistant","content":[{"text":"Photo ${index + 1}: a product on a plain` +
            ` background, {\\"shot\\": \\"studio\\"}."}]}},"stopReason":"end_turn","usage":{"inputTokens":${1200 + (index % 400)},` +
            `"outputTokens":${20 + (index % 30)},"totalTokens":${1220 + (index % 400) + (index % 30)}},"metrics":{"latencyMs":812}}`;
      const tail = '"}}},{"text":"Describe this photo in one sentence."}]}],"inferenceConfig":{"maxTokens":256}},' + `${outcome}}\n`;
      await file.writev([Buffer.from(head), base64.subarray(0, echoSizes[index]), Buffer.from(tail)]);
    }
  } finally {
    await file.close();
  }
  return { lines: recordIds.length, provenance };
}

/** A fixed pseudo-random permutation (Fisher-Yates over a small LCG), so every run writes the same file. */
function shuffledIndexes(count: number): number[] {
  const indexes = Array.from({ length: count }, (_, index) => index);
  let state = 12345;
  for (let index = count - 1; index > 0; index--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const other = state % (index + 1);
    [indexes[index], indexes[other]] = [indexes[other]!, indexes[index]!];
  }
  return indexes;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (isMain(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchResultsThroughput({ sizeMb: numberFlag("--size-mb", 1024) }), null, 2)}\n`);
}
