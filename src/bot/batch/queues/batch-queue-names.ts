/**
 * Where the `/batch` queues live in Redis, for the bot's workers and `bedrock-bot queues` alike: BullMQ's key prefix
 * starts with `[storage] prefix`, so bots and test runs sharing one Redis never see each other's jobs.
 */
import type { StoreLocation } from "../../../store/store-location.ts";

export const POLL_QUEUE = "batch-poll";
export const ADVANCE_QUEUE = "batch-advance";
export const BATCH_QUEUE_NAMES = [POLL_QUEUE, ADVANCE_QUEUE] as const;

/** The fixed id of the periodic cycle: one scheduler for the fleet, however many processes upsert it. */
export const POLL_SCHEDULER_ID = "batch-poll-cycle";

/** BullMQ's `prefix` option: keys are `<prefix>:<queue>:...`. */
export function bullmqPrefixOf(store: StoreLocation): string {
  return `${store.prefix ?? ""}bull`;
}
