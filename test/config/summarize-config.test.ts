import { describe, expect, it } from "vitest";
import { parseConfig, summarizeConfig } from "../../src/config/index.ts";

const FILE = "config/model_config.toml";

describe("summarizeConfig", () => {
  it("GIVEN providers, models, an unavailable model and a warning WHEN summarized THEN one screen shows them, never a secret", () => {
    const text = `[[api_providers]]
name = "keys"
api_key = "AKIAEXAMPLE"
extra_params = { aws_secret_key = "very-secret", region = "eu-west-1" }
max_retry = 1
[[api_providers]]
name = "chain"
timeout = 30
[[api_providers]]
name = "openai"
client_type = "openai"
[[models]]
name = "sonnet"
model_identifier = "us.anthropic.claude-sonnet-4-20250514-v1:0"
api_provider = "keys"
price_in = 3
price_out = 15
[[models]]
name = "micro"
model_identifier = "us.amazon.nova-micro-v1:0"
api_provider = "chain"
price_in = 0.035
price_out = 0.14
stream = false
[[models]]
name = "embed"
model_identifier = "amazon.titan-embed-text-v2:0"
api_provider = "chain"
kind = "embedding"
price_in = 0.02
[[models]]
name = "gpt"
model_identifier = "gpt-4o"
api_provider = "openai"
[bot]
default_model = "micro"
`;
    expect(summarizeConfig(parseConfig(text, FILE, {}))).toEqual(
      [
        "providers (2):",
        "  keys   eu-west-1  access key                    timeout 60s, 1 retry",
        "  chain  us-east-1  AWS default credential chain  timeout 30s, 2 retries",
        "models (3; default chat model: micro):",
        "  sonnet  us.anthropic.claude-sonnet-4-20250514-v1:0  $3.00 in   $15.00 out per 1M tokens  stream     via keys",
        "  micro   us.amazon.nova-micro-v1:0                   $0.035 in  $0.14 out per 1M tokens   no stream  via chain",
        "  embed   amazon.titan-embed-text-v2:0                $0.02 in   $0.00 out per 1M tokens   embedding  via chain",
        "unavailable (1):",
        '  gpt: its provider "openai" has client_type "openai"; only "bedrock" providers are used',
        "warnings (1):",
        `  ${FILE}:11:1 api_providers[2] "openai" has client_type = "openai": skipped, only "bedrock" providers are used`,
      ].join("\n"),
    );
  });

  it("GIVEN an empty config WHEN summarized THEN each section says none", () => {
    expect(summarizeConfig(parseConfig("", FILE, {}))).toEqual(["providers: none", "models: none", "unavailable: none", "warnings: none"].join("\n"));
  });
});
