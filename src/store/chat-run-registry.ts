/**
 * Which bot process is streaming which answer, and a way to ask it to stop: the Stop button of an answer may reach a
 * process other than the one writing it (another shard's process, after a reshard, or another replica), whose
 * in-memory run list (`ChatRuns`) does not have it.
 *
 * - redis (`[storage] url` redis://): while a run streams, `<prefix>chat-runs:run:<runId>` holds its owner process
 *   and requester, with a TTL the owner refreshes, so a crashed owner's runs vanish on their own. A stop is published
 *   on the owner's own channel `<prefix>chat-runs:stop:<owner>`; PUBLISH says whether the owner heard it.
 * - otherwise (sqlite: one process): the same, in this process's memory, shared by every registry opened on the same
 *   location (two plugins of one process on one store see each other's runs, as on redis).
 *
 * The registry knows nothing of Discord: the owner passes what to do on a stop (abort the run's request, exactly as
 * a local Stop does); who may stop a run is the caller's check, with the requester this registry returns.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { storeBackend } from "./open-keyv.ts";
import { openRedisConnection } from "./open-redis-connection.ts";
import { reportConnectionErrors } from "./report-connection-errors.ts";
import type { StoreLocation } from "./store-location.ts";

/** A run streaming somewhere: which process writes it, for whom. */
export interface RunningChatRun {
  owner: string;
  requesterId: string;
}

export interface RegisteredChatRun {
  /** The run has finished: forget it (its key goes at once, not at its TTL). */
  end(): Promise<void>;
}

export interface ChatRunRegistry {
  /** This process's (this registry's) id in the registry. */
  readonly owner: string;
  /**
   * Records that this process streams `runId` for `requesterId` until `end`; `onStop(by)` runs when another process
   * asks to stop it. Rejects when the shared store cannot be reached (the run is then stoppable from here only).
   */
  register(runId: string, requesterId: string, onStop: (by: string) => void): Promise<RegisteredChatRun>;
  /** The run if some process is streaming it now; undefined when unknown or finished. */
  lookup(runId: string): Promise<RunningChatRun | undefined>;
  /** Asks `run.owner` to stop `runId` on behalf of `by`; false when no such owner listens any more. */
  requestStop(runId: string, run: RunningChatRun, by: string): Promise<boolean>;
  /** Stops listening and refreshing; keys of runs not ended expire. Safe to call twice. */
  close(): Promise<void>;
}

export interface ChatRunRegistryOptions {
  /** How long a run's key outlives its owner's last refresh (ms); refreshed every third of it. Default 30 s. */
  ttlMs?: number;
  /** How long a command waits for the Redis connection to be ready before failing (ms). Default 2 s. */
  readyTimeoutMs?: number;
  /** Told of failures nobody awaits (refreshes, malformed stop messages). */
  onError?: (error: unknown, what: string) => void;
}

const CHAT_RUNS_NAMESPACE = "chat-runs";

/** Where a run's owner is kept in redis (for `redis-cli` and tests). */
export function chatRunKey(prefix: string, runId: string): string {
  return `${prefix}${CHAT_RUNS_NAMESPACE}:run:${runId}`;
}

/** The channel a process listens on for stops of its runs. */
function chatRunStopChannel(prefix: string, owner: string): string {
  return `${prefix}${CHAT_RUNS_NAMESPACE}:stop:${owner}`;
}

export function openChatRunRegistry(store: StoreLocation, options: ChatRunRegistryOptions = {}): ChatRunRegistry {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return storeBackend(store.url) === "redis" ? redisRegistry(store, owner, options) : memoryRegistry(store, owner);
}

interface StopMessage {
  runId: string;
  by: string;
}

function parseStop(message: string): StopMessage {
  const parsed = JSON.parse(message) as Partial<StopMessage>;
  if (typeof parsed.runId !== "string" || typeof parsed.by !== "string") throw new Error(`not a stop message: ${message}`);
  return { runId: parsed.runId, by: parsed.by };
}

/** Deletes a run's key only while it still names this owner. */
const END_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

function redisRegistry(store: StoreLocation, owner: string, options: ChatRunRegistryOptions): ChatRunRegistry {
  const prefix = store.prefix ?? "";
  const ttlMs = options.ttlMs ?? 30_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
  const onError = options.onError ?? (() => {});
  const commands = openRedisConnection(store.url, { purpose: "chat-runs" });
  const subscriber = openRedisConnection(store.url, { purpose: "chat-runs-stop" });
  reportConnectionErrors(commands, (error) => onError(error, "the chat-runs redis connection"));
  reportConnectionErrors(subscriber, (error) => onError(error, "the chat-runs redis subscriber"));
  const channel = chatRunStopChannel(prefix, owner);
  /** This process's runs: what each stop does, and the value its key holds. */
  const local = new Map<string, { onStop: (by: string) => void; value: string }>();
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    try {
      const stop = parseStop(message);
      local.get(stop.runId)?.onStop(stop.by); // finished meanwhile: nothing left to stop
    } catch (error) {
      onError(error, "a stop message");
    }
  });
  // Subscribed once, before the first run is registered: a stop published for a registered run is never missed.
  // ioredis subscribes again by itself after a reconnect.
  const subscribed = subscriber.subscribe(channel);
  subscribed.catch((error: unknown) => onError(error, "subscribing to stops"));
  commands.connect().catch(() => {}); // failures come as "error" events

  const refresh = setInterval(() => {
    if (local.size === 0 || commands.status !== "ready") return;
    const pipeline = commands.pipeline();
    // XX: a run ended meanwhile (key deleted) is not brought back.
    for (const [runId, { value }] of local) pipeline.set(chatRunKey(prefix, runId), value, "PX", ttlMs, "XX");
    pipeline.exec().catch((error: unknown) => onError(error, "refreshing running answers"));
  }, Math.max(1, Math.floor(ttlMs / 3)));
  refresh.unref();

  let closing: Promise<void> | undefined;
  return {
    owner,
    async register(runId, requesterId, onStop) {
      await Promise.all([withinMs(subscribed, readyTimeoutMs, "subscribing to stops"), ready(commands, readyTimeoutMs)]);
      const value = JSON.stringify({ owner, requesterId } satisfies RunningChatRun);
      local.set(runId, { onStop, value });
      try {
        await commands.set(chatRunKey(prefix, runId), value, "PX", ttlMs);
      } catch (error) {
        local.delete(runId);
        throw error;
      }
      return {
        end: async () => {
          local.delete(runId);
          await commands.eval(END_SCRIPT, 1, chatRunKey(prefix, runId), value);
        },
      };
    },
    async lookup(runId) {
      await ready(commands, readyTimeoutMs);
      const value = await commands.get(chatRunKey(prefix, runId));
      return value === null ? undefined : (JSON.parse(value) as RunningChatRun);
    },
    async requestStop(runId, run, by) {
      await ready(commands, readyTimeoutMs);
      const heard = await commands.publish(chatRunStopChannel(prefix, run.owner), JSON.stringify({ runId, by } satisfies StopMessage));
      return heard > 0;
    },
    close() {
      closing ??= (async () => {
        clearInterval(refresh);
        local.clear();
        await Promise.all([quit(commands), quit(subscriber)]);
      })();
      return closing;
    },
  };
}

/** Resolves once `connection` is ready; rejects after `ms`, so an unreachable Redis delays nobody for long. */
function ready(connection: Redis, ms: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  if (connection.status === "wait") connection.connect().catch(() => {});
  let onReady = () => {};
  const becameReady = new Promise<void>((resolve) => {
    onReady = resolve;
    connection.once("ready", onReady);
  });
  return withinMs(becameReady, ms, "the redis connection").finally(() => connection.off("ready", onReady));
}

async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was not ready within ${ms} ms (is redis reachable?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function quit(connection: Redis): Promise<void> {
  if (connection.status === "wait" || connection.status === "end") {
    connection.disconnect();
    return;
  }
  await connection.quit().catch(() => connection.disconnect());
}

interface MemoryPlace {
  runs: Map<string, RunningChatRun>;
  /** Per owner: its runs' stop actions. */
  owners: Map<string, Map<string, (by: string) => void>>;
}

/** Per store location, the runs of every registry of this process on it. */
const memoryPlaces = new Map<string, MemoryPlace>();

function memoryRegistry(store: StoreLocation, owner: string): ChatRunRegistry {
  const placeKey = `${store.url}\n${store.prefix ?? ""}`;
  const place: MemoryPlace = memoryPlaces.get(placeKey) ?? { runs: new Map(), owners: new Map() };
  memoryPlaces.set(placeKey, place);
  const stops = new Map<string, (by: string) => void>();
  place.owners.set(owner, stops);
  return {
    owner,
    register(runId, requesterId, onStop) {
      const run = { owner, requesterId };
      place.runs.set(runId, run);
      stops.set(runId, onStop);
      return Promise.resolve({
        end: () => {
          stops.delete(runId);
          if (place.runs.get(runId) === run) place.runs.delete(runId);
          return Promise.resolve();
        },
      });
    },
    lookup: (runId) => Promise.resolve(place.runs.get(runId)),
    requestStop(runId, run, by) {
      const onStop = place.owners.get(run.owner)?.get(runId);
      onStop?.(by);
      return Promise.resolve(place.owners.has(run.owner));
    },
    close() {
      for (const runId of stops.keys()) if (place.runs.get(runId)?.owner === owner) place.runs.delete(runId);
      stops.clear();
      place.owners.delete(owner);
      if (place.owners.size === 0) memoryPlaces.delete(placeKey);
      return Promise.resolve();
    },
  };
}
