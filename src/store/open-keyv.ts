/**
 * One keyv instance per namespace, on the storage `[storage] url` names: `sqlite://path` (embedded, the default; the
 * folder is created) or `redis://host:port` (several bot instances sharing state). Everything persistent goes through
 * keyv so both back ends run the same code.
 */
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";

export type StoreBackend = "sqlite" | "redis";

export function storeBackend(url: string): StoreBackend {
  if (url.startsWith("sqlite://")) return "sqlite";
  if (url.startsWith("redis://") || url.startsWith("rediss://")) return "redis";
  throw new Error(`storage url "${url}" is neither sqlite://path nor redis://host:port`);
}

/**
 * A keyv on `url` in `namespace`, with an adapter of its own: keyv binds its key listing to the adapter's namespace,
 * so namespaces cannot share one adapter. Close it with `keyv.disconnect()`.
 */
export function openKeyv<T>(url: string, namespace: string): Keyv<T> {
  return new Keyv<T>({ store: openAdapter(url), namespace });
}

function openAdapter(url: string): KeyvSqlite | KeyvRedis<unknown> {
  switch (storeBackend(url)) {
    case "sqlite": {
      const path = url.slice("sqlite://".length);
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      // busyTimeout: another process (the CLI next to the bot) may hold the write lock for a moment.
      return new (adapterClass("sqlite"))({ uri: url, busyTimeout: 5_000 });
    }
    case "redis":
      return new (adapterClass("redis"))(url);
  }
}

/**
 * For the few things keyv cannot do atomically (leases, counters): one statement of the back end itself, on the keyv
 * adapter's own connection. `build` gets that adapter; the result comes with a `close` that closes it once, however
 * often it is called.
 */
export function withAtomicBackend<T>(
  url: string,
  namespace: string,
  build: { sqlite(adapter: KeyvSqlite): T; redis(adapter: KeyvRedis<unknown>): T },
): T & { close(): Promise<void> } {
  const keyv = openKeyv<never>(url, namespace);
  const adapter: unknown = keyv.store;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= keyv.disconnect());
  const backend = storeBackend(url);
  if (backend === "sqlite" && adapter instanceof adapterClass("sqlite")) return { ...build.sqlite(adapter), close };
  if (backend === "redis" && adapter instanceof adapterClass("redis")) return { ...build.redis(adapter), close };
  throw new Error(`store at "${url}": no atomic statements for this back end`);
}

interface AdapterClasses {
  sqlite: typeof KeyvSqlite;
  redis: typeof KeyvRedis;
}

const ADAPTER_PACKAGES = { sqlite: "@keyv/sqlite", redis: "@keyv/redis" } as const satisfies Record<StoreBackend, string>;

/** Why a missing adapter package is missing, and what to do. */
const MISSING_ADAPTER: Record<StoreBackend, string> = {
  sqlite:
    "A sqlite:// store needs the optional package @keyv/sqlite (it builds the native sqlite3 driver): run `npm install @keyv/sqlite`, or use a redis:// store.",
  redis: "A redis:// store needs the package @keyv/redis, which is missing from node_modules: run `npm install`.",
};

const loadedAdapters: Partial<AdapterClasses> = {};

/**
 * The keyv adapter of a back end, loaded the first time a store on it is opened (synchronously, through the
 * package's CommonJS build, so opening a store stays synchronous). A process on sqlite never loads the redis client
 * (over 400 modules, a good part of the start-up), and `@keyv/sqlite` is an optional peer dependency: a host on redis
 * needs no C++ toolchain for the native sqlite3 driver. A missing package becomes a sentence saying what to install.
 */
function adapterClass<B extends StoreBackend>(backend: B): AdapterClasses[B] {
  const cached = loadedAdapters[backend];
  if (cached !== undefined) return cached;
  try {
    const loaded = (createRequire(import.meta.url)(ADAPTER_PACKAGES[backend]) as { default: AdapterClasses[B] }).default;
    loadedAdapters[backend] = loaded;
    return loaded;
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new Error(MISSING_ADAPTER[backend], { cause: error });
  }
}

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "MODULE_NOT_FOUND";
}
