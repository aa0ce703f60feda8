/**
 * Where the AWS SDK will find credentials for a provider, decided WITHOUT network calls.
 *
 * Resolving the default chain for real can reach the instance metadata service; a start-up check must not hang on
 * that (or send traffic to a link-local address on a laptop). So explicit settings, environment variables and the
 * shared files are inspected; when none is found the answer is "instance or container role, if any", which the first
 * real call then confirms or reports as a clear error.
 */
import type { ProviderConfig } from "../config/schema.ts";

export type CredentialSource =
  | { kind: "bedrock_api_key" }
  | { kind: "static_keys" }
  | { kind: "profile"; profile: string; found: boolean }
  | { kind: "environment"; variable: string }
  | { kind: "role_or_none" }
  | { kind: "incomplete"; problem: string };

export interface CredentialEnvironment {
  env: Record<string, string | undefined>;
  /** Profile names present in ~/.aws/config or ~/.aws/credentials. */
  profiles: ReadonlySet<string>;
}

/** Environment variables the default chain reads, in the chain's order. */
const CHAIN_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"];

export function findAwsCredentialSource(provider: ProviderConfig, { env, profiles }: CredentialEnvironment): CredentialSource {
  if (provider.api_key_type === "bedrock") {
    return provider.api_key ? { kind: "bedrock_api_key" } : { kind: "incomplete", problem: 'api_key_type = "bedrock" but api_key is empty' };
  }
  if (provider.api_key) {
    return provider.extra_params.aws_secret_key
      ? { kind: "static_keys" }
      : { kind: "incomplete", problem: "api_key (access key id) is set but extra_params.aws_secret_key is empty" };
  }
  if (provider.profile) return { kind: "profile", profile: provider.profile, found: profiles.has(provider.profile) };
  for (const variable of CHAIN_VARIABLES) {
    if (!env[variable]) continue;
    if (variable === "AWS_ACCESS_KEY_ID" && !env.AWS_SECRET_ACCESS_KEY) {
      return { kind: "incomplete", problem: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not" };
    }
    if (variable === "AWS_PROFILE") return { kind: "profile", profile: env.AWS_PROFILE ?? "", found: profiles.has(env.AWS_PROFILE ?? "") };
    return { kind: "environment", variable };
  }
  if (profiles.has("default")) return { kind: "profile", profile: "default", found: true };
  return { kind: "role_or_none" };
}

/** Profile names from the text of ~/.aws/config (`[profile x]`, `[default]`) and ~/.aws/credentials (`[x]`). */
export function parseAwsProfileNames(configText: string, credentialsText: string): Set<string> {
  const names = new Set<string>();
  for (const match of configText.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/gm)) if (match[1]) names.add(match[1]);
  for (const match of credentialsText.matchAll(/^\s*\[\s*([^\]\s]+)\s*\]/gm)) if (match[1]) names.add(match[1]);
  return names;
}
