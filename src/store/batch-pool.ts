/**
 * The waiting pool of `/batch` policy `wait`: small submissions for one model, held until together they reach the
 * model's batch minimum or the deadline passes. What is kept, and the repository it is kept in; the decisions live
 * in `src/bot/batch/batch-wait-pool.ts`. Rows are JSON in keyv: times are ISO strings.
 */
import type { JobOwner } from "./job-owner.ts";

/** Who contributed, and where to tell them: the owner a job row of theirs would have. */
export type PoolOwner = JobOwner;

/** One submission waiting in a pool. */
export interface PoolContribution {
  /** Unique; letters, digits and `-` (it ends up in notice ids, see `noticeIdOf`). */
  id: string;
  owner: PoolOwner;
  /** The planned run whose records wait (its provenance and record files are stored under it). */
  runId: string;
  records: number;
  /** ISO. */
  addedAt: string;
}

export interface WaitPool {
  /** `guild:<id>:<model>` or `channel:<id>:<model>` (see `poolKeyOf`). */
  key: string;
  /** `[[models]]` name. */
  model: string;
  /** The model's batch minimum when the pool was opened. */
  minRecords: number;
  /** `[batch] wait_deadline_hours` when the pool was opened. */
  deadlineHours: number;
  /** ISO: the first waiting contribution's time + `deadlineHours`; absent while the pool is empty. */
  deadline?: string;
  /** Oldest first. */
  contributions: PoolContribution[];
  /**
   * Contributions taken out of the pool (it filled, or its deadline passed) whose side effects — the pooled job, the
   * contributors' notices — are not all done yet. Taking them and recording this entry is one atomic update, so a
   * process that dies halfway leaves the entry for the watcher's sweep to finish (see `expireWaitPools`).
   */
  dispatching?: PoolDispatch[];
}

/** Contributions on their way out of a pool: what to do with them, recorded before it is done. */
export interface PoolDispatch {
  /**
   * Unique, letters, digits and `-`; created before the update that takes the contributions. For `job`, the pooled
   * run id, so the job a resumed dispatch creates is the same one (same job names, same request tokens).
   */
  id: string;
  /** `job`: the pool filled, one batch job for all. `expired`: the deadline passed short of the minimum. */
  kind: "job" | "expired";
  /** Oldest first, as they waited (the order `layoutPooledJob` assumes). */
  contributions: PoolContribution[];
  /** ISO; a sweep leaves a younger dispatch to the process that took it. */
  takenAt: string;
  /** `job` only: the job rows' owner (the contribution that filled the pool) and the plan's invocation type. */
  job?: { owner: PoolOwner; invocationType: "Converse" | "InvokeModel" };
}

export interface BatchPoolRepository {
  get(key: string): Promise<WaitPool | undefined>;
  /** Every pool that holds contributions or unfinished dispatches (for the watcher's sweep). */
  all(): Promise<WaitPool[]>;
  /**
   * Reads the pool, lets `change` decide, and stores the pool it returns (one with neither contributions nor
   * dispatches is deleted). Changes of one
   * pool run one at a time; see the implementation for what holds across bot instances.
   */
  update<R>(key: string, change: (pool: WaitPool | undefined) => { pool: WaitPool; result: R }): Promise<R>;
}
