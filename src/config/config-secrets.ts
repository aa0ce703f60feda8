/** The secret values a loaded config holds (keys, secret keys, session tokens), for the logger to scrub. */
import type { LoadedConfig } from "./parse-config.ts";

export function configSecrets(config: Pick<LoadedConfig, "providers">): string[] {
  return config.providers.flatMap((provider) => [provider.api_key, provider.extra_params.aws_secret_key, provider.session_token].filter((value): value is string => value !== undefined && value !== ""));
}
