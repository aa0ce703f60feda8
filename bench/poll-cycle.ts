/**
 * One cycle of the `/batch` watcher (`startBatchWatcher(...).poll()`, the real one, never scheduling itself) against
 * the fake Bedrock control plane and s3rver: `--open` submissions `running`, each with one real job InProgress at the
 * fake, first with nothing archived, then beside `--archived` finished submissions (`notified`, each with its job
 * row). A cycle must cost what is open, not the bot's history: the ratio of the medians (archived / empty, after a
 * warm-up, `--cycles` each) should stay <= 1.2 on sqlite and on redis; a warning field says when it does not (the
 * bench never fails on it). Reads per cycle are counts, so they compare across machines: SubmissionStore reads, job
 * rows read, reads of the other indexes (waiting pools, drafts, inputs due), and namespace scans (`all()` of any
 * `KeyvRepository`, wherever it sits), whose cost is the whole store's size, not the namespace's: keyv's sqlite
 * iterator filters the whole table with LIKE, its redis one SCANs the whole database.
 *
 * The sqlite file is on /dev/shm where there is one: the archive is written one statement at a time, and on disk each
 * would wait for a sync. Redis keys live under a prefix of the run's own and are deleted at the end.
 *
 * `node bin/run-ts.js bench/poll-cycle.ts [--open 20] [--archived 10000] [--cycles 15]` (prints JSON).
 */
import { existsSync } from "node:fs";
import { Writable } from "node:stream";
import { Client } from "discord.js";
import type { BatchJobRow } from "../src/bedrock/batch/jobs/batch-job-row.ts";
import { batchJobName, createRunId } from "../src/bedrock/batch/jobs/job-names.ts";
import type { Submission } from "../src/bedrock/batch/lifecycle/submission.ts";
import { planBatchRun } from "../src/bedrock/batch/run/plan-batch-run.ts";
import { submitBatchRun } from "../src/bedrock/batch/run/submit-batch-run.ts";
import { BedrockClientPool } from "../src/bedrock/index.ts";
import { openBatchRuntime } from "../src/bot/batch/batch-runtime.ts";
import type { BatchRuntime } from "../src/bot/batch/batch-runtime-types.ts";
import { startBatchWatcher } from "../src/bot/batch/batch-watcher.ts";
import { KeyvRepository } from "../src/store/keyv-repository.ts";
import { findModel, parseConfig, type LoadedConfig } from "../src/config/index.ts";
import { createLogger } from "../src/create-logger.ts";
import { submissionFixture } from "../test/bedrock/batch/lifecycle/submission-fixture.ts";
import { batchConfigText, BUCKET, questionsCsv } from "../test/bedrock/batch/run/batch-run-kit.ts";
import { createInMemoryUsage } from "../test/e2e/in-memory-repositories.ts";
import { startFakeBedrock, type FakeBedrock } from "../test/fakes/bedrock/index.ts";
import { startS3rver } from "../test/fakes/s3/start-s3rver.ts";
import { STORE_BACKENDS, type StoreBackend } from "../test/store/store-places.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { medianOfEach } from "./measure.ts";

const MAX_RATIO = 1.2;
const WARM_UP_CYCLES = 3;
/** Records per open run: the model's batch minimum, so the plan is a batch job and not answered on demand. */
const RECORDS_PER_RUN = 100;
/** Archived submissions written at once. */
const WRITE_BATCH = 250;
/** Submitted -> Validating -> Scheduled -> InProgress, one fake minute each (the fake's default pacing). */
const TO_IN_PROGRESS_MS = 3 * 60_000;
const MODEL = "nova-lite";
const PROVIDER = "fake";
const OWNER = { userId: "100000000000000001", guildId: "100000000000000002", channelId: "100000000000000003" };

export interface PollCycleOptions {
  open: number;
  archived: number;
  cycles: number;
}

interface Meter {
  calls: number;
  ms: number;
}

interface Meters {
  /** `open()` and `archivedBefore()` of the SubmissionStore (its reads are counted by the store itself). */
  submissions: Meter;
  jobRows: Meter;
  /** `pools.all()`, `drafts.below()`, `inputsDue.below()`: reads of an index and the rows it names. */
  indexes: Meter;
  scans: Meter;
}

interface CycleFigures {
  ms: number;
  /** The cycle less its namespace scans. */
  msBesideScans: number;
  submissionReads: number;
  submissionMs: number;
  jobRowReads: number;
  jobRowMs: number;
  indexReads: number;
  indexMs: number;
  scans: number;
  scanMs: number;
}

export async function benchPollCycle(options: PollCycleOptions): Promise<Record<string, unknown>> {
  const s3rver = await startS3rver({ buckets: [BUCKET] });
  // Every open job InProgress at once: the fake's per-model quota and the config's cap both let them all run.
  const jobSlots = Math.max(20, options.open);
  const bedrock = await startFakeBedrock({ s3: { endpoint: s3rver.endpoint }, batch: { maxActiveJobsPerModel: jobSlots } });
  try {
    const results: Record<string, unknown> = {};
    for (const backend of STORE_BACKENDS) {
      bedrock.reset();
      const configFor = (storeUrl: string) => parseConfig(batchConfigText(bedrock.url, s3rver.endpoint, storeUrl, `max_concurrent_jobs = ${jobSlots}`), "poll-cycle.toml", {});
      results[backend.name] = await benchBackend(backend, bedrock, configFor, options);
    }
    return { ...results, open: options.open, archived: options.archived, cycles: options.cycles, max_ratio: MAX_RATIO };
  } finally {
    await bedrock.close();
    await s3rver.close();
  }
}

async function benchBackend(backend: StoreBackend, bedrock: FakeBedrock, configFor: (storeUrl: string) => LoadedConfig, options: PollCycleOptions): Promise<Record<string, unknown>> {
  const place = await backend.createPlace("bench-poll-cycle", existsSync("/dev/shm") ? "/dev/shm" : undefined);
  const config = configFor(place.url);
  const clients = new BedrockClientPool(config.providers);
  const runtime = openBatchRuntime(config, clients, { store: { url: place.url, prefix: place.prefix } });
  const problems = { logged: 0 };
  const logger = createLogger({ level: "warn", destination: countingStderr(problems) });
  // Never logged in: with every job InProgress and no status message (`owner.messageId`), nothing reaches Discord.
  const client = new Client({ intents: [] });
  try {
    await createRunningSubmissions(runtime, config, bedrock, options.open);
    const { meters, restore } = meterReads(runtime);
    const watcher = startBatchWatcher({ client, runtime, config, logger, usage: createInMemoryUsage() }, { schedule: () => () => undefined });
    try {
      const measure = async (): Promise<CycleFigures> => {
        for (let cycle = 0; cycle < WARM_UP_CYCLES; cycle++) await watcher.poll();
        return medianOfEach(await cycles(options.cycles, () => watcher.poll(), runtime, meters));
      };
      const empty = await measure();
      const setupStart = performance.now();
      await archiveSubmissions(runtime, options.archived);
      const setupSeconds = (performance.now() - setupStart) / 1000;
      const archived = await measure();
      const ratio = round(archived.ms / empty.ms);
      const ratioBesideScans = round(archived.msBesideScans / empty.msBesideScans);
      return {
        empty_ms: empty.ms,
        archived_ms: archived.ms,
        ratio,
        // The same ratio with the namespace scans taken out of each cycle: what the rest of the cycle does.
        ratio_beside_scans: ratioBesideScans,
        reads_per_cycle: { empty: empty.submissionReads, archived: archived.submissionReads },
        job_row_reads_per_cycle: { empty: empty.jobRowReads, archived: archived.jobRowReads },
        index_reads_per_cycle: { empty: empty.indexReads, archived: archived.indexReads },
        scans_per_cycle: { empty: empty.scans, archived: archived.scans },
        // Medians of the time a cycle spent in each kind of read: where a growth comes from.
        ms_in_reads: {
          empty: { submissions: empty.submissionMs, job_rows: empty.jobRowMs, indexes: empty.indexMs, scans: empty.scanMs },
          archived: { submissions: archived.submissionMs, job_rows: archived.jobRowMs, indexes: archived.indexMs, scans: archived.scanMs },
        },
        archive_setup_seconds: round(setupSeconds),
        logged_problems: problems.logged,
        ...(ratio <= MAX_RATIO ? {} : { warning: `a cycle beside ${options.archived} archived submissions took ${ratio}x the cycle with none (over ${MAX_RATIO}); ${ratioBesideScans}x beside its namespace scans` }),
      };
    } finally {
      await watcher.stop();
      restore();
    }
  } finally {
    await client.destroy();
    await runtime.close();
    clients.destroy();
    await place.dispose();
  }
}

/** `count` real runs of one job each (planned, uploaded to s3rver, created at the fake), InProgress, each a `running` submission. */
export async function createRunningSubmissions(runtime: BatchRuntime, config: LoadedConfig, bedrock: FakeBedrock, count: number): Promise<void> {
  const model = findModel(config, MODEL);
  if (model === undefined) throw new Error(`poll-cycle: no model ${MODEL} in the config`);
  const clients = { control: runtime.control(PROVIDER), s3: runtime.s3(PROVIDER), converse: runtime.converse(PROVIDER) };
  for (let index = 0; index < count; index++) {
    const plan = await planBatchRun({
      sources: [{ kind: "file", filename: `questions-${index + 1}.csv`, bytes: questionsCsv(RECORDS_PER_RUN) }],
      model,
      promptSpec: { mode: "template", template: "Answer briefly: {question}" },
      batch: config.data.batch,
    });
    const now = new Date();
    const runId = createRunId(now);
    const submitted = await submitBatchRun({ plan, runId, provider: PROVIDER, batch: config.data.batch, clients, store: runtime.store, now: () => now, owner: OWNER });
    if (submitted.action !== "batch") throw new Error(`poll-cycle: run ${index + 1} was ${submitted.action}, not a batch job`);
    const at = now.toISOString();
    await runtime.submissions.save(
      submissionFixture({
        id: runId,
        state: "running",
        owner: OWNER,
        model: MODEL,
        provider: PROVIDER,
        records: RECORDS_PER_RUN,
        createdAt: at,
        updatedAt: at,
        runId,
        jobNames: submitted.jobs.map((row) => row.jobName),
        history: [{ state: "running", event: "jobs_created", at }],
      }),
    );
  }
  await bedrock.advance(TO_IN_PROGRESS_MS);
  const notRunning = bedrock.batch.jobs().filter((job) => job.status !== "InProgress");
  if (notRunning.length > 0) throw new Error(`poll-cycle: jobs not InProgress at the fake: ${notRunning.map((job) => `${job.jobName} (${job.status})`).join(", ")}`);
}

/**
 * `count` finished submissions (`notified` an hour ago, well inside `[batch] keep_finished_days`, so the retention
 * leaves them), each with a Completed job row shaped like a real one, written a batch at a time.
 */
async function archiveSubmissions(runtime: BatchRuntime, count: number): Promise<void> {
  const open = await runtime.submissions.open();
  const template = open[0]?.jobNames?.[0] === undefined ? undefined : await runtime.store.jobs.get(open[0].jobNames[0]);
  if (template === undefined) throw new Error("poll-cycle: no job row to shape the archived ones on");
  const endedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  const createdAt = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
  const write = async (index: number): Promise<void> => {
    const runId = `archived-${String(index + 1).padStart(6, "0")}`;
    const jobName = batchJobName(runId, 1);
    const row: BatchJobRow = { ...template, runId, jobName, state: "Completed", createdAt, updatedAt: endedAt, endedAt, resultsAt: endedAt, inputsDeletedAt: endedAt };
    const submission: Submission = submissionFixture({
      id: runId,
      state: "notified",
      owner: OWNER,
      model: MODEL,
      provider: PROVIDER,
      createdAt,
      updatedAt: endedAt,
      runId,
      jobNames: [jobName],
      notices: { [jobName]: "delivered" },
      history: [
        { state: "running", event: "jobs_created", at: createdAt },
        { state: "notified", event: "notice_done", at: endedAt },
      ],
    });
    await Promise.all([runtime.store.jobs.put(jobName, row), runtime.submissions.save(submission)]);
  };
  for (let start = 0; start < count; start += WRITE_BATCH) {
    await Promise.all(Array.from({ length: Math.min(WRITE_BATCH, count - start) }, (_, offset) => write(start + offset)));
  }
}

/**
 * Counts and times what a cycle reads, by wrapping the runtime's stores (the SubmissionStore counts its reads itself)
 * and every `KeyvRepository`'s scan; returns the meters and what puts the stores back.
 */
function meterReads(runtime: BatchRuntime): { meters: Meters; restore: () => void } {
  const meters: Meters = { submissions: { calls: 0, ms: 0 }, jobRows: { calls: 0, ms: 0 }, indexes: { calls: 0, ms: 0 }, scans: { calls: 0, ms: 0 } };
  const restores = [
    meter(runtime.submissions, "open", meters.submissions),
    meter(runtime.submissions, "archivedBefore", meters.submissions),
    meter(runtime.store.jobs, "get", meters.jobRows),
    meter(runtime.store.jobs, "getMany", meters.jobRows),
    meter(runtime.pools, "all", meters.indexes),
    meter(runtime.drafts, "below", meters.indexes),
    meter(runtime.inputsDue, "below", meters.indexes),
    meter(KeyvRepository.prototype, "all", meters.scans),
  ];
  return { meters, restore: () => restores.reverse().forEach((restore) => restore()) };
}

/** Wraps `target[method]` to count and time its calls into `into`; returns what unwraps it. */
function meter<T extends object, K extends keyof T>(target: T, method: K, into: Meter): () => void {
  const original = target[method];
  if (typeof original !== "function") throw new Error(`poll-cycle: ${String(method)} is not a method`);
  // `this` of the call, not `target`: on a prototype the target is every instance.
  const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const start = performance.now();
    try {
      return await (original as (...parameters: unknown[]) => Promise<unknown>).apply(this, args);
    } finally {
      into.calls++;
      into.ms += performance.now() - start;
    }
  };
  target[method] = wrapped as T[K];
  return () => {
    target[method] = original;
  };
}

async function cycles(count: number, poll: () => Promise<unknown>, runtime: BatchRuntime, meters: Meters): Promise<CycleFigures[]> {
  const figures: CycleFigures[] = [];
  for (let cycle = 0; cycle < count; cycle++) {
    const reads = runtime.submissions.reads;
    const before = structuredClone(meters);
    const start = performance.now();
    await poll();
    const ms = performance.now() - start;
    const scanMs = meters.scans.ms - before.scans.ms;
    figures.push({
      ms,
      msBesideScans: ms - scanMs,
      submissionReads: runtime.submissions.reads - reads,
      submissionMs: meters.submissions.ms - before.submissions.ms,
      jobRowReads: meters.jobRows.calls - before.jobRows.calls,
      jobRowMs: meters.jobRows.ms - before.jobRows.ms,
      indexReads: meters.indexes.calls - before.indexes.calls,
      indexMs: meters.indexes.ms - before.indexes.ms,
      scans: meters.scans.calls - before.scans.calls,
      scanMs,
    });
  }
  return figures;
}

/** The watcher logs what went wrong in a cycle (warn and up) to stderr; a count of those lines goes into the figures. */
function countingStderr(problems: { logged: number }): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      problems.logged++;
      process.stderr.write(chunk, () => done());
    },
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (isMain(import.meta.url)) {
  const options = { open: numberFlag("--open", 20), archived: numberFlag("--archived", 10_000), cycles: numberFlag("--cycles", 15) };
  process.stdout.write(`${JSON.stringify(await benchPollCycle(options), null, 2)}\n`);
}
