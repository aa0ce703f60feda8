/**
 * What `bedrock-bot queues` runs: on a Redis store, the `/batch` queues every bot process shares (counts per state,
 * failed jobs with their error and attempts, the periodic cycle), and `--retry` / `--remove`; on sqlite, that the
 * work runs inside the bot process and there is no shared queue to show.
 */
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { usesSharedQueues } from "../bot/batch/queues/batch-queues.ts";
import { openBatchQueuesAccess, type QueueReport } from "../bot/batch/queues/inspect-batch-queues.ts";
import { configuredStore } from "../config/index.ts";
import { requireCliConfig } from "./load-cli-config.ts";

export interface QueuesFlags {
  retry?: string;
  remove?: string;
  failed: string;
  json?: boolean;
}

const IN_PROCESS = "The /batch work runs inside the bot process ([storage] url is not Redis): there is no shared queue to show. Set [storage] url to a redis:// url to run it on queues shared by several bot processes.";

export async function runQueues(flags: QueuesFlags, configFlag: string | undefined): Promise<number> {
  const failedLimit = Number(flags.failed);
  if (!Number.isInteger(failedLimit) || failedLimit < 0 || failedLimit > 1000) throw new UserFacingError(`--failed must be a whole number from 0 to 1000, not "${flags.failed}".`);
  const store = configuredStore(await requireCliConfig(configFlag));
  if (!usesSharedQueues(store)) {
    if (flags.retry !== undefined || flags.remove !== undefined) throw new UserFacingError(IN_PROCESS);
    process.stdout.write(flags.json === true ? `${JSON.stringify({ backend: "in-process", queues: [] })}\n` : `${IN_PROCESS}\n`);
    return 0;
  }
  const access = openBatchQueuesAccess(store);
  try {
    if (flags.retry !== undefined) {
      const retried = await access.retry(flags.retry);
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ retried })}\n`);
      else process.stdout.write(retried === 0 ? `No failed job ${flags.retry === "all" ? "to retry" : `with the id ${flags.retry}`}.\n` : `${retried} failed job${retried === 1 ? "" : "s"} put back to wait.\n`);
      return retried === 0 && flags.retry !== "all" ? 1 : 0;
    }
    if (flags.remove !== undefined) {
      const removed = await access.remove(flags.remove);
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ removed })}\n`);
      else process.stdout.write(removed ? `Removed ${flags.remove}.\n` : `No job with the id ${flags.remove}.\n`);
      return removed ? 0 : 1;
    }
    const queues = await access.report(failedLimit);
    process.stdout.write(flags.json === true ? `${JSON.stringify({ backend: "bullmq", prefix: store.prefix, queues })}\n` : describeQueues(queues, store.prefix));
    return 0;
  } finally {
    await access.close();
  }
}

/** The report as text: a line per queue, then the failed jobs. */
export function describeQueues(queues: readonly QueueReport[], prefix: string): string {
  const lines = [`/batch queues on the store's Redis${prefix === "" ? "" : ` (prefix "${prefix}")`}:`];
  for (const queue of queues) {
    const counts = Object.entries(queue.counts)
      .map(([state, count]) => `${state} ${count}`)
      .join(" · ");
    lines.push(`  ${queue.name}: ${counts}`);
    for (const scheduler of queue.schedulers) lines.push(`    periodic cycle ${scheduler.id}${scheduler.everyMs === undefined ? "" : ` every ${scheduler.everyMs / 1000} s`}${scheduler.next === undefined ? "" : `, next at ${scheduler.next}`}`);
  }
  const failed = queues.flatMap((queue) => queue.failed);
  lines.push(failed.length === 0 ? "No failed jobs." : "Failed jobs (retry with --retry <id> or --retry all):");
  for (const job of failed) lines.push(`  ${job.id} ${job.name}${job.key === undefined ? "" : ` ${job.key}`} · attempts ${job.attemptsMade}/${job.attempts}${job.failedAt === undefined ? "" : ` · ${job.failedAt}`}\n    ${job.error}`);
  return `${lines.join("\n")}\n`;
}
