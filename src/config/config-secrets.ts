/**
 * The secret values a loaded config holds (keys, secret keys, session tokens, and every MCP server's env and header
 * values, which carry tokens), for the logger to scrub.
 */
import type { LoadedConfig } from "./parse-config.ts";

export function configSecrets(config: Pick<LoadedConfig, "providers"> & { data?: Pick<LoadedConfig["data"], "mcp_servers"> }): string[] {
  const providers = config.providers.flatMap((provider) => [provider.api_key, provider.extra_params.aws_secret_key, provider.session_token]);
  const mcp = (config.data?.mcp_servers ?? []).flatMap((server) => [...Object.values(server.env), ...Object.values(server.headers)]);
  return [...providers, ...mcp].filter((value): value is string => value !== undefined && value !== "");
}
