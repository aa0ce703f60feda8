/**
 * Where the bot keeps its state: a `sqlite://path` or `redis://host:port` url, and a prefix put before every
 * namespace name so several bots (or test runs) can share one redis. The standalone bot uses `[storage] url`; a host
 * of the plugin may pass its own.
 */
export interface StoreLocation {
  url: string;
  /** Put before every namespace name. Default none. */
  prefix?: string;
}

/** A url alone, or a url with a prefix, as a `StoreLocation`. */
export function toStoreLocation(store: string | StoreLocation): StoreLocation {
  return typeof store === "string" ? { url: store } : store;
}
