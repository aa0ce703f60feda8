/** A MoFox-Bot model_config.toml loads unchanged: Bedrock parts used, the rest skipped or ignored with clear words. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.ts";

const FILE = "test/config/fixtures/mofox_model_config.toml";

describe("GIVEN a MoFox-Bot file with providers of other client types and MoFox-only sections", () => {
  it("WHEN loaded with an empty env THEN only the Bedrock providers and their models are usable", async () => {
    const config = await loadConfig(FILE, {});
    expect(config.providers.map(({ name, api_key, extra_params }) => ({ name, api_key, region: extra_params.region }))).toEqual([
      { name: "AWS_Bedrock", api_key: "AKIAEXAMPLEKEYID0000", region: "us-west-2" },
      // MoFox-Bot's IAM-role style: the placeholder key is dropped, the default chain is used.
      { name: "AWS_Bedrock_Role", api_key: "", region: "us-east-1" },
    ]);
    expect(config.models.map(({ name, force_stream_mode }) => ({ name, force_stream_mode }))).toEqual([
      { name: "claude-haiku-bedrock", force_stream_mode: true },
      { name: "nova-micro-role", force_stream_mode: false },
    ]);
  });

  it("WHEN loaded THEN models of skipped providers are unavailable, with the reason", async () => {
    expect((await loadConfig(FILE, {})).unavailable).toEqual([
      { name: "qwen3-8b", reason: 'its provider "SiliconFlow" has client_type "openai"; only "bedrock" providers are used' },
      { name: "gemini-flash", reason: 'its provider "Gemini" has client_type "aiohttp_gemini"; only "bedrock" providers are used' },
      { name: "legacy-mini", reason: `its provider "LegacyOpenAI" has client_type "openai" (MoFox-Bot's default); only "bedrock" providers are used` },
    ]);
  });

  it("WHEN loaded THEN there is one warning per skipped provider, MoFox section and MoFox model option — none for [inner]", async () => {
    expect((await loadConfig(FILE, {})).warnings).toEqual([
      `${FILE}:6:1 model_selector is MoFox-Bot's load-balancing section and is ignored here`,
      `${FILE}:14:1 api_providers[0] "SiliconFlow" has client_type = "openai": skipped, only "bedrock" providers are used`,
      `${FILE}:23:1 api_providers[1] "Gemini" has client_type = "aiohttp_gemini": skipped, only "bedrock" providers are used`,
      `${FILE}:25:1 api_providers[2] "LegacyOpenAI" has no client_type but a base_url, which MoFox-Bot reads as client_type = "openai": skipped (add client_type = "bedrock" to use it here)`,
      `${FILE}:45:1 api_providers[4].api_key is set without extra_params.aws_secret_key, so it is ignored and the AWS default credential chain is used (MoFox-Bot's IAM-role style)`,
      `${FILE}:57:1 models[0].anti_truncation is a MaiBot/MoFox-Bot model option and is ignored here`,
      `${FILE}:65:1 models[1].enable_prompt_perturbation is a MaiBot/MoFox-Bot model option and is ignored here`,
      `${FILE}:66:1 models[1].perturbation_strength is a MaiBot/MoFox-Bot model option and is ignored here`,
      `${FILE}:89:1 model_task_config is MoFox-Bot's task-to-model mapping and is ignored here (choose models with [bot] default_model and [batch] default_model)`,
    ]);
  });

  it("WHEN loaded THEN data keeps every provider and model as written, MoFox sections aside", async () => {
    const { data } = await loadConfig(FILE, {});
    expect(data.api_providers.map((provider) => [provider.name, provider.client_type])).toEqual([
      ["SiliconFlow", "openai"],
      ["Gemini", "aiohttp_gemini"],
      ["LegacyOpenAI", "openai"],
      ["AWS_Bedrock", "bedrock"],
      ["AWS_Bedrock_Role", "bedrock"],
    ]);
    expect(data.api_providers[0]).toMatchObject({ api_key: ["sk-first", "sk-second"] });
    expect(data.models.map((model) => model.name)).toEqual(["qwen3-8b", "gemini-flash", "claude-haiku-bedrock", "nova-micro-role", "legacy-mini"]);
    expect(data.models[0]?.extra_params).toEqual({ enable_thinking: false });
    expect(Object.keys(data)).toEqual(["api_providers", "models", "bot", "batch", "storage", "observability", "tools", "web_fetch", "mcp_servers", "guardrails", "sinks"]);
  });
});
