/** A provider pointed at the fake Bedrock, with static fake credentials and short retry delays. */
import type { ProviderConfig } from "../../../src/config/schema.ts";

export function fakeProvider(url: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name: "fake",
    client_type: "bedrock",
    api_key: "AKIDFAKEFAKEFAKE",
    api_key_type: "aws",
    max_retry: 2,
    timeout: 10,
    retry_interval: 0.01,
    ...overrides,
    extra_params: { region: "us-east-1", aws_secret_key: "fake-secret", runtime_endpoint: url },
  };
}
