/**
 * The fake batch control plane behind `startFakeBedrock`: its jobs, what tests scripted for them, and the scheduler
 * that steps jobs on the fake clock. Steps run one at a time on a queue (a step may read or write S3), so `advance`
 * and `tick` resolve once everything they started has settled, and requests always see whole steps.
 */
import { randomBytes } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { s3rverClientConfig } from "../../s3/s3rver-client-config.ts";
import type { FakeClock } from "../fake-clock.ts";
import type { FaultQueue } from "../fault-queue.ts";
import type { FakeHttpRequest, FakeHttpResponse } from "../server.ts";
import type { ScriptedReply } from "../scripted-reply.ts";
import { dueAt, isActive, snapshotJob } from "./batch-job.ts";
import type { BatchJob } from "./batch-job.ts";
import type {
  BatchRecordRef,
  BatchRequest,
  BatchSettings,
  BatchSettingsOverrides,
  FakeBatch,
  RecordError,
  RecordMatcher,
  ScriptedOutcome,
} from "./batch-types.ts";
import { findJob, handleControlPlaneRequest } from "./control-plane-routes.ts";
import { expireJob, stepJob, stopJob } from "./job-lifecycle.ts";
import type { LifecycleContext } from "./job-lifecycle.ts";

/** Where the fake reads batch inputs and writes outputs: an S3-compatible endpoint such as s3rver. */
export interface FakeS3Options {
  endpoint: string;
  /** Default S3RVER / S3RVER (s3rver's key pair). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Default us-east-1. */
  region?: string;
}

const MINUTE_MS = 60_000;

export const DEFAULT_BATCH_SETTINGS = {
  accountId: "123456789012",
  region: "us-east-1",
  maxActiveJobsPerModel: 20,
  maxRecordsPerFile: 50_000,
  maxRecordsPerJob: 50_000,
  maxInputFileBytes: 1024 ** 3,
  defaultTimeoutHours: 168,
  stepMs: { Submitted: MINUTE_MS, Validating: MINUTE_MS, Scheduled: MINUTE_MS, InProgress: MINUTE_MS, Stopping: MINUTE_MS },
  progressPerStep: 0.5,
  uniqueJobNames: false,
} as const satisfies Omit<BatchSettings, "newJobId">;

/** 12 lowercase alphanumerics, as in real job ARNs. */
function randomJobId(): string {
  return Array.from(randomBytes(12), (byte) => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("");
}

interface RecordRule {
  match: RecordMatcher;
  script: { error: RecordError } | { reply: ScriptedReply };
}

const DEFAULT_RECORD_ERROR: RecordError = {
  errorCode: 400,
  errorMessage: "Malformed input request: the record was refused by the model (scripted by the test), please reformat your input and try again.",
};

export class BatchPlane {
  readonly requests: BatchRequest[] = [];
  readonly jobs: BatchJob[] = [];
  readonly s3: S3Client | undefined;
  private settings: BatchSettings;
  private rules: RecordRule[] = [];
  private outcomes: { nameContains: string; outcome: ScriptedOutcome; message?: string }[] = [];
  private startsPaused = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: {
      clock: FakeClock;
      faults: FaultQueue;
      s3?: FakeS3Options;
      settings?: BatchSettingsOverrides;
      log?: (line: string) => void;
    },
  ) {
    this.settings = this.initialSettings();
    this.s3 = opts.s3 === undefined ? undefined : new S3Client(s3rverClientConfig(opts.s3.endpoint, opts.s3));
  }

  /** Answers a control-plane call; false when the path is not a batch route. */
  handle(request: FakeHttpRequest, response: FakeHttpResponse): boolean {
    return handleControlPlaneRequest(
      {
        requests: this.requests,
        faults: this.opts.faults,
        jobs: this.jobs,
        addJob: (job) => this.jobs.push(job),
        stop: (job) => stopJob(job, this.opts.clock.now(), this.context()),
        now: () => this.opts.clock.now(),
        settings: () => this.settings,
        ...(this.opts.log === undefined ? {} : { log: this.opts.log }),
      },
      request,
      response,
    );
  }

  advance(ms: number): Promise<void> {
    this.opts.clock.moveBy(ms);
    return this.enqueue(async () => {
      const target = this.opts.clock.now();
      for (;;) {
        const next = this.nextDue(target);
        if (next === undefined) return;
        await this.step(next.job, next.at);
      }
    });
  }

  tick(): Promise<void> {
    return this.enqueue(async () => {
      const active = this.jobs.filter((job) => isActive(job.status));
      if (active.length === 0) return;
      const now = this.opts.clock.now();
      const at = Math.max(now, ...active.map((job) => job.nextStepAt));
      this.opts.clock.moveBy(at - now);
      for (const job of active) await this.step(job, at);
    });
  }

  /** The API tests reach as `fake.batch`. */
  readonly control: FakeBatch = {
    requests: this.requests,
    jobs: () => this.jobs.map(snapshotJob),
    job: (identifier) => {
      const job = findJob(this.jobs, identifier);
      return job === undefined ? undefined : snapshotJob(job);
    },
    failRecords: (match, error = {}) => this.rules.push({ match, script: { error: { ...DEFAULT_RECORD_ERROR, ...error } } }),
    replyRecords: (match, reply) => this.rules.push({ match, script: { reply } }),
    scriptOutcome: (nameContains, outcome, message) => {
      this.outcomes.push({ nameContains, outcome, ...(message === undefined ? {} : { message }) });
    },
    pauseStarts: (paused) => {
      this.startsPaused = paused;
    },
    configure: (settings) => {
      this.settings = checkSettings({ ...this.settings, ...settings, stepMs: { ...this.settings.stepMs, ...settings.stepMs } });
    },
    settle: async (maxTicks = 100) => {
      for (let ticks = 0; this.jobs.some((job) => isActive(job.status)); ticks++) {
        if (ticks >= maxTicks) {
          const stuck = this.jobs.filter((job) => isActive(job.status)).map((job) => `${job.request.jobName} (${job.status})`);
          throw new Error(`batch.settle(): jobs still active after ${maxTicks} ticks: ${stuck.join(", ")}`);
        }
        await this.tick();
      }
    },
  };

  /** Forgets jobs, recorded calls, scripts and settings changes. A step under way finishes on a forgotten job. */
  reset(): void {
    this.jobs.length = 0;
    this.requests.length = 0;
    this.rules = [];
    this.outcomes = [];
    this.startsPaused = false;
    this.settings = this.initialSettings();
  }

  async close(): Promise<void> {
    await this.queue;
    this.s3?.destroy();
  }

  private initialSettings(): BatchSettings {
    const given = this.opts.settings ?? {};
    return checkSettings({ ...DEFAULT_BATCH_SETTINGS, newJobId: randomJobId, ...given, stepMs: { ...DEFAULT_BATCH_SETTINGS.stepMs, ...given.stepMs } });
  }

  /** The job due soonest at or before `target` (creation order breaks ties). */
  private nextDue(target: number): { job: BatchJob; at: number } | undefined {
    let next: { job: BatchJob; at: number } | undefined;
    for (const job of this.jobs) {
      const at = dueAt(job);
      if (at <= target && (next === undefined || at < next.at)) next = { job, at };
    }
    return next;
  }

  private async step(job: BatchJob, at: number): Promise<void> {
    if (!isActive(job.status)) return;
    const context = this.context();
    if (at >= job.jobExpirationTime) await expireJob(job, at, context);
    else await stepJob(job, at, context);
  }

  private context(): LifecycleContext {
    return {
      s3: this.s3,
      settings: this.settings,
      startsPaused: this.startsPaused,
      outcomeFor: (jobName) => this.outcomes.find(({ nameContains }) => jobName.includes(nameContains)),
      recordScript: (record) => this.rules.find((rule) => matches(rule.match, record))?.script,
    };
  }

  /** Runs `work` after everything queued before it; a failed step rejects its caller, not later ones. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Zero-length steps would let `advance` loop forever; a share outside (0, 1] would never finish a job. */
function checkSettings(settings: BatchSettings): BatchSettings {
  for (const [status, ms] of Object.entries(settings.stepMs)) {
    if (!(ms > 0)) throw new RangeError(`batch settings: stepMs.${status} must be > 0, got ${ms}`);
  }
  if (!(settings.progressPerStep > 0 && settings.progressPerStep <= 1)) {
    throw new RangeError(`batch settings: progressPerStep must be in (0, 1], got ${settings.progressPerStep}`);
  }
  return settings;
}

function matches(match: RecordMatcher, record: BatchRecordRef): boolean {
  return typeof match === "function" ? match(record) : match.includes(record.recordId);
}
