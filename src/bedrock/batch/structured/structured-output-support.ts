/**
 * Which models take Converse structured output (`outputConfig.textFormat` with a JSON schema), the one table of it.
 * Sources: the Amazon Bedrock user guide, "Get validated JSON results from models" (structured-output.html), and its
 * model list as quoted in langchain-ai/langchain-aws issue #883: Anthropic Claude Haiku 4.5, Sonnet 4.5, Opus 4.5 and
 * Opus 4.6; open-weight Qwen, DeepSeek, Mistral, Google Gemma, NVIDIA Nemotron, MiniMax, Moonshot (Kimi) and OpenAI
 * gpt-oss models. AWS names "select" models of those families: one of them that refuses is set
 * `structured_output = false` in the config; Mistral is left out because the source does not say which Mistral models
 * (set `structured_output = true` for one that has it). Everything else gets the schema in its prompt.
 */
import type { ModelConfig } from "../../../config/schema.ts";

/** Model id fragments (after any `us.` / `eu.` / `global.` profile prefix and vendor), in the table's order. */
const SUPPORTED: readonly { family: string; pattern: RegExp }[] = [
  { family: "Claude Haiku 4.5", pattern: /anthropic\.claude-haiku-4-5/ },
  { family: "Claude Sonnet 4.5", pattern: /anthropic\.claude-sonnet-4-5/ },
  { family: "Claude Opus 4.5", pattern: /anthropic\.claude-opus-4-5/ },
  { family: "Claude Opus 4.6", pattern: /anthropic\.claude-opus-4-6/ },
  { family: "Qwen", pattern: /\bqwen\./ },
  { family: "DeepSeek", pattern: /\bdeepseek\./ },
  { family: "Google Gemma", pattern: /\bgoogle\.gemma/ },
  { family: "NVIDIA Nemotron", pattern: /\bnvidia\.nemotron/ },
  { family: "MiniMax", pattern: /\bminimax\./ },
  { family: "Moonshot Kimi", pattern: /\bmoonshot(ai)?\.kimi/ },
  { family: "OpenAI gpt-oss", pattern: /\bopenai\.gpt-oss/ },
];

/** The model's `structured_output` when set, else the table. */
export function supportsStructuredOutput(model: Pick<ModelConfig, "model_identifier" | "structured_output">): boolean {
  if (model.structured_output !== undefined) return model.structured_output;
  return SUPPORTED.some(({ pattern }) => pattern.test(model.model_identifier));
}
