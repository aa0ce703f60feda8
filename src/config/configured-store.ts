/** `[storage]` as the place state is kept: its url and the prefix put before every namespace. */
import type { LoadedConfig } from "./parse-config.ts";

export function configuredStore(config: LoadedConfig): { url: string; prefix: string } {
  return { url: config.data.storage.url, prefix: config.data.storage.prefix };
}
