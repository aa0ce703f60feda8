/**
 * ONE limiter for every streamed reply's message edits, shared by all in-flight answers:
 *
 * - each message is edited at most once per `intervalMs` (`bot.stream_edit_interval_ms`), counted between the starts
 *   of two edits, and never while its previous edit is still in flight, so edits land in order;
 * - content waiting for its turn coalesces: only the newest payload of a message is sent;
 * - across all messages at most `maxEditsPerSecond` edits start in any second. Discord's per-channel bucket for
 *   message edits is about 5 per 5 s and the global limit 50 requests/s per bot; 4/s leaves room for posting new
 *   messages and other requests, and discord.js still queues on the real `X-RateLimit-*` headers;
 * - the final edit of a message (`finish`) is never dropped or overtaken: later updates are ignored, it waits for
 *   the edit in flight, and when several messages are due, finals go first (they remove the Stop button and
 *   complete the answer); otherwise the message waiting longest goes first, so 20 replies share the budget fairly.
 *
 * Clock and timer are injected (`now`, `schedule`), so tests drive it with a manual clock.
 */

export interface EditSchedulerOptions<P> {
  /** Edits one message (the edge: `message.edit(payload)`). */
  send: (messageId: string, payload: P) => Promise<void>;
  /** Minimum time between two edits of one message, in ms. */
  intervalMs: number;
  /** Edits started per second across all messages; default `DEFAULT_MAX_EDITS_PER_SECOND`. */
  maxEditsPerSecond?: number;
  now: () => number;
  /** `setTimeout`-like: call `callback` after `delayMs`. Stale calls are harmless (the scheduler re-checks). */
  schedule: (callback: () => void, delayMs: number) => void;
  /** A failed non-final edit (a failed final rejects `finish` instead). The next edit is still tried. */
  onError: (messageId: string, error: unknown) => void;
}

export interface EditScheduler<P> {
  /** Replace what `messageId` should show; sent when its turn comes, unless a newer payload replaces it first. */
  update(messageId: string, payload: P): void;
  /**
   * The last payload of `messageId`: resolves once it was edited in, rejects if that edit failed. Later `update`s
   * of the message are ignored; a second `finish` before the first was sent replaces its payload.
   */
  finish(messageId: string, payload: P): Promise<void>;
  /** Messages with an edit waiting or in flight. */
  readonly pending: number;
}

const DEFAULT_MAX_EDITS_PER_SECOND = 4;
const WINDOW_MS = 1000;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Slot<P> {
  /** Waiting to be sent: the newest payload. */
  payload?: P;
  /** The waiting payload is the final one; these `finish` calls wait for it. */
  finalWaiters?: Waiter[];
  /** When the waiting payload started waiting (fairness: longest first). */
  waitingSince: number;
  /** `finish` was called: later `update`s are ignored until the slot is forgotten. */
  finished: boolean;
  inFlight: boolean;
  lastSentAt?: number;
}

export function createEditScheduler<P>(options: EditSchedulerOptions<P>): EditScheduler<P> {
  const { send, intervalMs, now, schedule, onError } = options;
  const maxPerWindow = options.maxEditsPerSecond ?? DEFAULT_MAX_EDITS_PER_SECOND;
  if (!(intervalMs >= 0) || !(maxPerWindow >= 1)) throw new RangeError("intervalMs must be >= 0 and maxEditsPerSecond >= 1");
  const slots = new Map<string, Slot<P>>();
  /** Start times of the edits of the last second, oldest first. */
  const started: number[] = [];
  let wakeAt: number | undefined;

  const slotOf = (messageId: string): Slot<P> => {
    const existing = slots.get(messageId);
    if (existing !== undefined) return existing;
    const slot: Slot<P> = { waitingSince: now(), finished: false, inFlight: false };
    slots.set(messageId, slot);
    return slot;
  };

  const enqueue = (messageId: string, payload: P): Slot<P> => {
    const slot = slotOf(messageId);
    if (slot.payload === undefined) slot.waitingSince = now();
    slot.payload = payload;
    return slot;
  };

  const isReady = (slot: Slot<P>, time: number): boolean =>
    slot.payload !== undefined && !slot.inFlight && (slot.lastSentAt === undefined || time - slot.lastSentAt >= intervalMs);

  const pickReady = (time: number): [string, Slot<P>] | undefined => {
    let best: [string, Slot<P>] | undefined;
    for (const entry of slots) {
      const slot = entry[1];
      if (!isReady(slot, time)) continue;
      if (best === undefined || goesBefore(slot, best[1])) best = entry;
    }
    return best;
  };

  const start = (messageId: string, slot: Slot<P>, time: number) => {
    const payload = slot.payload as P;
    const waiters = slot.finalWaiters ?? [];
    slot.payload = undefined;
    slot.finalWaiters = undefined;
    slot.inFlight = true;
    slot.lastSentAt = time;
    started.push(time);
    // Called now (not a microtask later); a synchronous throw becomes a rejection like any other failure.
    const sent = (async () => await send(messageId, payload))();
    void sent
      .then(
        () => waiters.forEach((waiter) => waiter.resolve()),
        (error: unknown) => (waiters.length > 0 ? waiters.forEach((waiter) => waiter.reject(error)) : onError(messageId, error)),
      )
      .finally(() => {
        slot.inFlight = false;
        pump();
      });
  };

  const pump = () => {
    const time = now();
    while (started.length > 0 && (started[0] ?? time) <= time - WINDOW_MS) started.shift();
    for (let next = pickReady(time); next !== undefined && started.length < maxPerWindow; next = pickReady(time)) {
      start(next[0], next[1], time);
    }
    forgetIdle(time);
    wakeLater(time);
  };

  /** Slots with nothing to send whose interval has passed carry no information any more. */
  const forgetIdle = (time: number) => {
    for (const [messageId, slot] of slots) {
      if (slot.payload === undefined && !slot.inFlight && (slot.lastSentAt === undefined || time - slot.lastSentAt >= intervalMs)) {
        slots.delete(messageId);
      }
    }
  };

  const wakeLater = (time: number) => {
    let due: number | undefined;
    for (const slot of slots.values()) {
      if (slot.payload === undefined || slot.inFlight) continue; // an edit in flight calls pump when it settles
      const readyAt = slot.lastSentAt === undefined ? time : slot.lastSentAt + intervalMs;
      due = due === undefined ? readyAt : Math.min(due, readyAt);
    }
    if (due === undefined) return;
    const oldest = started[0];
    const capacityAt = started.length >= maxPerWindow && oldest !== undefined ? oldest + WINDOW_MS : time;
    const at = Math.max(due, capacityAt);
    if (wakeAt !== undefined && wakeAt > time && wakeAt <= at) return; // an earlier wake-up is already set
    wakeAt = at;
    schedule(() => {
      if (wakeAt === at) wakeAt = undefined;
      pump();
    }, at - time);
  };

  return {
    update(messageId, payload) {
      if (slots.get(messageId)?.finished === true) return; // nothing may follow (or replace) the final payload
      enqueue(messageId, payload);
      pump();
    },
    finish(messageId, payload) {
      return new Promise<void>((resolve, reject) => {
        const slot = enqueue(messageId, payload);
        slot.finished = true;
        slot.finalWaiters = [...(slot.finalWaiters ?? []), { resolve, reject }];
        pump();
      });
    },
    get pending() {
      let count = 0;
      for (const slot of slots.values()) if (slot.payload !== undefined || slot.inFlight) count += 1;
      return count;
    },
  };
}

/** Finals first, then the longest waiting. */
function goesBefore(a: { finalWaiters?: unknown[]; waitingSince: number }, b: { finalWaiters?: unknown[]; waitingSince: number }): boolean {
  const aFinal = a.finalWaiters !== undefined;
  const bFinal = b.finalWaiters !== undefined;
  return aFinal !== bFinal ? aFinal : a.waitingSince < b.waitingSince;
}
