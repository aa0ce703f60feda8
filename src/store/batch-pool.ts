/**
 * The waiting pool of `/batch` policy `wait`: small submissions for one model, held until together they reach the
 * model's batch minimum or the deadline passes. What is kept, and the repository it is kept in; the decisions live
 * in `src/bot/batch/batch-wait-pool.ts`. Rows are JSON in keyv: times are ISO strings.
 */

/** Who contributed, and where to tell them (same shape as a job row's `JobOwner`). */
export interface PoolOwner {
  userId: string;
  guildId?: string;
  channelId?: string;
  threadId?: string;
  /** The submission message, for replies. */
  messageId?: string;
  /** The channel's upload limit per file at submission (see `JobOwner.uploadLimitBytes`). */
  uploadLimitBytes?: number;
}

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
}

export interface BatchPoolRepository {
  get(key: string): Promise<WaitPool | undefined>;
  /** Every pool that holds contributions (for the deadline sweep). */
  all(): Promise<WaitPool[]>;
  /**
   * Reads the pool, lets `change` decide, and stores the pool it returns (an empty one is deleted). Changes of one
   * pool run one at a time; see the implementation for what holds across bot instances.
   */
  update<R>(key: string, change: (pool: WaitPool | undefined) => { pool: WaitPool; result: R }): Promise<R>;
}
