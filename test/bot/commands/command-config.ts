/** A parsed config with two chat models and an embedding model, for the command tests. */
import { parseConfig, type LoadedConfig } from "../../../src/config/index.ts";

export function commandTestConfig(bot = ""): LoadedConfig {
  return parseConfig(
    `
[[api_providers]]
name = "aws"

[[models]]
model_identifier = "us.anthropic.claude-sonnet-4-v1:0"
name = "claude-sonnet-4"
api_provider = "aws"
price_in = 3
price_out = 15

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite"
api_provider = "aws"
price_in = 0.06
price_out = 0.24

[[models]]
model_identifier = "amazon.titan-embed-text-v2:0"
name = "titan-embed"
api_provider = "aws"
kind = "embedding"

[bot]
system_prompt = "Config prompt."
${bot}
`,
    "commands.toml",
    {},
  );
}
