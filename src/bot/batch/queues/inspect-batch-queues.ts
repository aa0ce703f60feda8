/**
 * What `bedrock-bot queues` shows and does on a Redis store: the `/batch` queues' job counts by state, their failed
 * jobs (error, attempts), the periodic cycle's scheduler, and retrying or removing a job. Job ids are
 * `<queue>/<id>` (BullMQ numbers jobs per queue, so a bare number could name a job in either queue).
 */
import { Queue } from "bullmq";
import { UserFacingError } from "../../../bedrock/errors/user-facing-error.ts";
import { closeRedisConnection } from "../../../store/close-redis-connection.ts";
import { openRedisConnection } from "../../../store/open-redis-connection.ts";
import type { StoreLocation } from "../../../store/store-location.ts";
import { BATCH_QUEUE_NAMES, bullmqPrefixOf } from "./batch-queue-names.ts";

const STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"] as const;

interface FailedJob {
  /** `<queue>/<id>`. */
  id: string;
  name: string;
  /** The deduplication key (an advance: `submission:<id>:<what moves it>`). */
  key?: string;
  error: string;
  attemptsMade: number;
  attempts: number;
  failedAt?: string;
}

export interface QueueReport {
  name: string;
  counts: Record<(typeof STATES)[number], number>;
  failed: FailedJob[];
  /** The periodic cycle (the poll queue): its interval and next run. */
  schedulers: { id: string; everyMs?: number; next?: string }[];
}

export interface BatchQueuesAccess {
  report(failedLimit: number): Promise<QueueReport[]>;
  /** Failed jobs put back to wait: one (`<queue>/<id>`) or `all`; how many. */
  retry(target: string): Promise<number>;
  /** Removes one job; false when there is none by that id. */
  remove(jobId: string): Promise<boolean>;
  close(): Promise<void>;
}

export function openBatchQueuesAccess(store: StoreLocation): BatchQueuesAccess {
  const connection = openRedisConnection(store.url, { purpose: "cli-queues" });
  const prefix = bullmqPrefixOf(store);
  const queues = new Map(BATCH_QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  const jobOf = async (jobId: string) => {
    const [name, id] = splitJobId(jobId);
    const queue = queues.get(name as (typeof BATCH_QUEUE_NAMES)[number]);
    if (queue === undefined) throw new UserFacingError(`"${jobId}" names no batch queue: job ids look like ${BATCH_QUEUE_NAMES[1]}/12 (see \`bedrock-bot queues\`).`);
    return queue.getJob(id);
  };
  return {
    async report(failedLimit) {
      return Promise.all(
        [...queues.values()].map(async (queue): Promise<QueueReport> => {
          const counts = (await queue.getJobCounts(...STATES)) as QueueReport["counts"];
          const failed = await queue.getFailed(0, failedLimit - 1);
          const schedulers = await queue.getJobSchedulers();
          return {
            name: queue.name,
            counts,
            failed: failed.map((job) => ({
              id: `${queue.name}/${job.id ?? ""}`,
              name: job.name,
              ...(job.opts.deduplication?.id === undefined ? {} : { key: job.opts.deduplication.id }),
              error: job.failedReason,
              attemptsMade: job.attemptsMade,
              attempts: job.opts.attempts ?? 1,
              ...(job.finishedOn === undefined ? {} : { failedAt: new Date(job.finishedOn).toISOString() }),
            })),
            schedulers: schedulers.map((scheduler) => ({
              id: scheduler.key,
              ...(scheduler.every === undefined || scheduler.every === null ? {} : { everyMs: Number(scheduler.every) }),
              ...(scheduler.next === undefined ? {} : { next: new Date(scheduler.next).toISOString() }),
            })),
          };
        }),
      );
    },
    async retry(target) {
      if (target === "all") {
        let retried = 0;
        for (const queue of queues.values()) {
          retried += await queue.getJobCountByTypes("failed");
          await queue.retryJobs({ state: "failed" });
        }
        return retried;
      }
      const job = await jobOf(target);
      if (job === undefined || !(await job.isFailed())) return 0;
      await job.retry("failed");
      return 1;
    },
    async remove(jobId) {
      const job = await jobOf(jobId);
      if (job === undefined) return false;
      await job.remove();
      return true;
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      await closeRedisConnection(connection);
    },
  };
}

function splitJobId(jobId: string): [string, string] {
  const slash = jobId.indexOf("/");
  return slash < 0 ? ["", jobId] : [jobId.slice(0, slash), jobId.slice(slash + 1)];
}
