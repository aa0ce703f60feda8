/** How a provider authenticates, in words for `config check` — the kind only, never a key or secret. */
import type { ProviderConfig } from "./schema.ts";

/** Same precedence as `check-provider-credentials.ts`; expects a usable provider (see `usableProvider`). */
export function describeProviderAuth(provider: ProviderConfig): string {
  switch (provider.api_key_type) {
    case "bedrock":
      return "Bedrock API key";
    case "aws":
      if (provider.api_key && provider.extra_params.aws_secret_key) {
        return provider.session_token ? "access key + session token" : "access key";
      }
      return provider.profile === undefined ? "AWS default credential chain" : `profile "${provider.profile}"`;
    default: {
      const unreachable: never = provider.api_key_type;
      throw new Error(`unhandled api_key_type ${String(unreachable)}`);
    }
  }
}
