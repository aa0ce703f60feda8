/**
 * Opens the `/batch` queues on the back end `[storage] url` calls for (`batch-queues.ts` describes both); BullMQ is
 * loaded only on Redis.
 */
import type { StoreLocation } from "../../../store/store-location.ts";
import { usesSharedQueues, type BatchQueueHandlers, type BatchQueueOptions, type BatchQueues } from "./batch-queues.ts";

/** The back end `[storage] url` calls for; BullMQ is loaded only on Redis. */
export async function openBatchQueues(store: StoreLocation, handlers: BatchQueueHandlers, options: BatchQueueOptions): Promise<BatchQueues> {
  if (!usesSharedQueues(store)) {
    const { openInProcessQueues } = await import("./in-process-batch-queues.ts");
    return openInProcessQueues(handlers, options);
  }
  const { openBullmqQueues } = await import("./bullmq-batch-queues.ts");
  return openBullmqQueues(store, handlers, options);
}
