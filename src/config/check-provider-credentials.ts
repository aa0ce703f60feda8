/**
 * Whether a provider's credential settings add up, decided from the config alone (what the environment offers is
 * `src/startup`'s concern). Precedence: a Bedrock API key, else an access key pair (+ session token), else a
 * profile, else the AWS default credential chain.
 *
 * MoFox-Bot's IAM-role style writes a placeholder `api_key` (it requires one) and no `aws_secret_key`; such a file
 * must load unchanged, so an access key id without its secret means "default chain" with a warning, and the usable
 * provider gets an empty `api_key`.
 */
import type { ConfigIssue } from "./format-config-issue.ts";
import { formatKeyPath, type KeyPath } from "./key-path.ts";
import type { ProviderConfig } from "./schema.ts";

export interface CredentialCheck {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export function checkProviderCredentials(provider: ProviderConfig, path: KeyPath): CredentialCheck {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const at = (...keys: string[]): { path: KeyPath; name: string } => ({ path: [...path, ...keys], name: formatKeyPath([...path, ...keys]) });
  const apiKey = at("api_key");
  const secret = at("extra_params", "aws_secret_key");
  const hasSecret = Boolean(provider.extra_params.aws_secret_key);

  switch (provider.api_key_type) {
    case "bedrock":
      if (!provider.api_key) errors.push({ path: apiKey.path, message: `${apiKey.name} is empty, but api_key_type = "bedrock" needs a Bedrock API key` });
      break;
    case "aws": {
      if (hasSecret && !provider.api_key) {
        errors.push({ path: secret.path, message: `${secret.name} is set, but api_key (the access key id it pairs with) is empty` });
      }
      if (provider.api_key && !hasSecret) {
        warnings.push({
          path: apiKey.path,
          message: `${apiKey.name} is set without extra_params.aws_secret_key, so it is ignored and the AWS default credential chain is used (MoFox-Bot's IAM-role style)`,
        });
      }
      const hasKeyPair = Boolean(provider.api_key) && hasSecret;
      if (provider.profile !== undefined && hasKeyPair) {
        const profile = at("profile");
        warnings.push({ path: profile.path, message: `${profile.name} is ignored because api_key and extra_params.aws_secret_key are set` });
      }
      if (provider.session_token && !hasKeyPair) {
        const token = at("session_token");
        warnings.push({ path: token.path, message: `${token.name} is ignored without api_key and extra_params.aws_secret_key` });
      }
      break;
    }
    default: {
      const unreachable: never = provider.api_key_type;
      throw new Error(`unhandled api_key_type ${String(unreachable)}`);
    }
  }
  return { errors, warnings };
}

/** The provider as the AWS clients should see it: an access key id without its secret is dropped (see above). */
export function usableProvider(provider: ProviderConfig): ProviderConfig {
  return provider.api_key_type === "aws" && provider.api_key && !provider.extra_params.aws_secret_key ? { ...provider, api_key: "" } : provider;
}
