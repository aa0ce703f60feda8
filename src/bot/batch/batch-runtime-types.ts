/**
 * The shapes `/batch` passes around — the runtime opened once per bot, and what the watcher and the waiting pool's
 * side effects take of it — in a module of their own, so the modules that use them never import one another for a
 * type (that is how import cycles start). Types only; `batch-runtime.ts` opens the runtime.
 */
import type { Client } from "discord.js";
import type { BatchAwsAccess } from "../../bedrock/batch/run/open-batch-aws-access.ts";
import type { LoadedConfig } from "../../config/index.ts";
import type { Logger } from "../../create-logger.ts";
import type { BatchPoolRepository, PoolContribution } from "../../store/batch-pool.ts";
import type { UsageRepository } from "../../store/chat-settings.ts";
import type { LeaseStore } from "../../store/claim-lease.ts";
import type { KeyvRepository } from "../../store/keyv-repository.ts";
import type { DraftRepository } from "./batch-drafts.ts";
import type { NoticeReceipt } from "./deliver-job-notice.ts";
import type { SubmissionStore } from "../../bedrock/batch/lifecycle/submission-store.ts";
import type { PipelineStore } from "../../bedrock/batch/pipeline/pipeline-store.ts";
import type { ScoredIndex } from "../../store/scored-index.ts";
import type { StoreLocation } from "../../store/store-location.ts";
import type { RunOutcome } from "../../bedrock/batch/lifecycle/run-submission.ts";
import type { AdvanceJob } from "./queues/batch-queues.ts";

/** Moves a submission on through a job keyed `key` (deduplicated); resolves with how its next attempt ended. */
export type AdvanceSubmission = (key: string, job: AdvanceJob) => Promise<RunOutcome>;

/** A run submitted for a full waiting pool: whose records are where, so each contributor gets only their rows. */
export interface PooledRun {
  runId: string;
  shares: { contribution: PoolContribution; start: number; end: number }[];
}

/** What became of a job's completion notice. */
export interface NoticeRecord {
  receipt?: NoticeReceipt;
  /** Neither the channel nor the owner's DMs took it (ISO time, and why): `/batch results` still posts it. */
  undeliverable?: { at: string; reason: string };
}

export interface BatchRuntime extends BatchAwsAccess {
  /** The clock of everything batch does (the poller's too). */
  now: () => Date;
  leases: LeaseStore;
  notices: KeyvRepository<NoticeRecord>;
  /** Files queued with `/batch add` / "Add to batch", per member per channel (`draftIdOf`). */
  drafts: DraftRepository;
  /** Waiting pools of policy `wait`. */
  pools: BatchPoolRepository;
  /** Runs of full pools, by run id. */
  pooledRuns: KeyvRepository<PooledRun>;
  /** Lease owner: unique per process, so a restarted bot is another owner. */
  instanceId: string;
  /** Where results are collected before they are posted. */
  workDir: string;
  /** Bytes per attached file (Discord: 10 MiB for bots unless the guild allows more). */
  uploadLimitBytes: number;
  /** Every submission and its lifecycle state (`src/bedrock/batch/lifecycle`): plans awaiting Confirm included. */
  submissions: SubmissionStore;
  /** Multi-stage pipelines: each stage a submission, the next started when one ends (`advance-pipelines.ts`). */
  pipelines: PipelineStore;
  /** Jobs of finished submissions by when their inputs are due for deletion (`input-retention.ts`). */
  inputsDue: ScoredIndex;
  /** Set by the running watcher: poll soon (a job was just submitted). */
  wakeWatcher?: () => void;
  /** Set by the running watcher: move a submission on through the advance queue (`queues/batch-queues.ts`). */
  advanceSubmission?: AdvanceSubmission;
  /** Where the batch state lives (`[storage] url` and prefix): the queues' back end follows it. */
  location: StoreLocation;
  close(): Promise<void>;
}

export interface BatchWatcherDeps {
  client: Client;
  runtime: BatchRuntime;
  config: LoadedConfig;
  logger: Logger;
  /** Where each ended job's spend is recorded (`recordNoticeSpend`), for `/usage` and the daily spend cap. */
  usage: UsageRepository;
}

/** What the waiting pool's side effects need of the watcher's dependencies. */
export type PoolDispatchDeps = Pick<BatchWatcherDeps, "client" | "runtime" | "config" | "logger" | "usage">;
