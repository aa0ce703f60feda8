/**
 * Real MaiBot/MoFox files, as users bring them: older MaiBot keys are recognised (not "unknown key, did you mean"),
 * and embedding models listed beside chat models are recognised as such instead of being offered for chat.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.ts";
import { isKnownEmbeddingModel } from "../../src/config/infer-model-kind.ts";
import { chooseModel } from "../../src/bedrock/models/choose-model.ts";
import { suggestModels } from "../../src/bot/commands/suggest-models.ts";

const FILE = "model_config.toml";

const MAIBOT_FILE = `[[api_providers]]
name = "AWS_Bedrock"
client_type = "bedrock"

[[models]]
model_identifier = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
name = "claude-haiku"
api_provider = "AWS_Bedrock"
task_type = "llm_normal"
capabilities = ["text", "tool_calling"]
model_flags = ["no_temperature"]

[[models]]
model_identifier = "amazon.titan-embed-text-v2:0"
name = "titan-embed"
api_provider = "AWS_Bedrock"

[[models]]
model_identifier = "cohere.embed-multilingual-v3"
name = "cohere-embed"
api_provider = "AWS_Bedrock"

[[models]]
model_identifier = "cohere.embed-english-v3"
name = "cohere-embed-declared"
api_provider = "AWS_Bedrock"
kind = "chat"

[model.utils]
name = "claude-haiku"
provider = "AWS_Bedrock"
pri_in = 0.8
pri_out = 4
`;

describe("GIVEN an older MaiBot-format file with task tables and model options", () => {
  const config = parseConfig(MAIBOT_FILE, FILE, {});

  it("WHEN loaded THEN task_type, capabilities, model_flags and [model.*] are recognised as MaiBot/MoFox options — no 'did you mean'", () => {
    expect(config.warnings.filter((warning) => warning.includes("not a known key"))).toEqual([]);
    expect(config.warnings).toEqual(
      expect.arrayContaining([
        `${FILE}:9:1 models[0].task_type is a MaiBot/MoFox-Bot model option and is ignored here`,
        `${FILE}:10:1 models[0].capabilities is a MaiBot/MoFox-Bot model option and is ignored here`,
        `${FILE}:11:1 models[0].model_flags is a MaiBot/MoFox-Bot model option and is ignored here`,
        expect.stringMatching(/^model_config\.toml:\d+:1 model holds older MaiBot task tables \(\[model\.utils\]/),
      ]),
    );
  });

  it("WHEN loaded THEN embedding models without a kind become kind = embedding, each with a warning; a written kind is kept", () => {
    expect(config.models.map(({ name, kind }) => [name, kind])).toEqual([
      ["claude-haiku", "chat"],
      ["titan-embed", "embedding"],
      ["cohere-embed", "embedding"],
      ["cohere-embed-declared", "chat"],
    ]);
    expect(config.warnings.filter((warning) => warning.includes("is an embedding model"))).toEqual([
      `${FILE}:14:1 models "titan-embed" (amazon.titan-embed-text-v2:0) is an embedding model: loaded as kind = "embedding" (only /batch embed uses it, /model does not offer it); write kind = "embedding" to silence this`,
      `${FILE}:19:1 models "cohere-embed" (cohere.embed-multilingual-v3) is an embedding model: loaded as kind = "embedding" (only /batch embed uses it, /model does not offer it); write kind = "embedding" to silence this`,
    ]);
  });

  it("WHEN /model lists or is asked for a model THEN the inferred embedding models are never offered for chat", () => {
    expect(suggestModels(config.models, "").map((suggestion) => suggestion.value)).toEqual(["claude-haiku", "cohere-embed-declared"]);
    expect(() => chooseModel(config, "chat", "titan-embed")).toThrow(/titan-embed/);
  });
});

describe("isKnownEmbeddingModel", () => {
  it.each([
    ["amazon.titan-embed-text-v2:0", true],
    ["amazon.titan-embed-text-v1", true],
    ["amazon.titan-embed-image-v1", true],
    ["cohere.embed-english-v3", true],
    ["us.cohere.embed-v4:0", true],
    ["amazon.nova-2-multimodal-embeddings-v1:0", true],
    ["twelvelabs.marengo-embed-2-7-v1:0", true],
    ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", true],
    ["us.anthropic.claude-3-5-haiku-20241022-v1:0", false],
    ["amazon.nova-lite-v1:0", false],
    ["cohere.command-r-plus-v1:0", false],
    ["amazon.titan-text-express-v1", false],
  ])("GIVEN %s THEN embedding = %s", (id, expected) => {
    expect(isKnownEmbeddingModel(id)).toBe(expected);
  });
});
