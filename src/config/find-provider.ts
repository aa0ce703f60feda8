/** Looking up usable providers by the names `[[models]] api_provider` and `[batch] provider` use. */
import type { LoadedConfig } from "./parse-config.ts";
import type { ProviderConfig } from "./schema.ts";

/** A usable (Bedrock) provider by name; undefined for unknown and skipped ones. */
export function findProvider(config: LoadedConfig, name: string): ProviderConfig | undefined {
  return config.providers.find((provider) => provider.name === name);
}
